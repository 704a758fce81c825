"""The IPC CGI camera integration."""
