alert('XSS-script-replaces-site-js');
