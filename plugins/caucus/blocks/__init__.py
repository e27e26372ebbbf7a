"""The authoring syntax: discussion-guide blocks as a Markdown extension."""
