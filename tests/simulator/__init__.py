"""Tests for the camera simulator."""
