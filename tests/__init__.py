"""Tests for the IPC CGI integration, its client and the camera simulator."""
