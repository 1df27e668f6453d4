"""Tests of app/cli.py: the `postdesk` command line."""
