"""Helpers for pages that start a background job (reports.tasks): in tests the immediate
backend runs the task inside the request, so the job is finished when the answer comes."""

from __future__ import annotations


def job_file(client, response):
    """The file of the job a POST started (the answer redirects to the job's page)."""
    assert response.status_code == 302, response.content[:500]
    assert "/auftraege/" in response.url, response.url
    return client.get(response.url + "datei/")
