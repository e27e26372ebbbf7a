"""Browser tests (issue #8). A package, so that its conftest does not take the
module name ``conftest`` from tests/conftest.py, which the other tests import."""
