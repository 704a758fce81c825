"""Tests of the CGI client (custom_components/ipc_cgi/ipccgi)."""
