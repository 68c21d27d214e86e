"""Issue 20 item 6, the whole class: no email puts a one-time code where a server would log it (path or query);
a code travels only in a URL fragment, which browsers never send."""

from __future__ import annotations

import inspect
import re

from chalicelib.notifications import templates

CODE = "900123456.SECRETO-de-un-solo-uso"


def rendered_with_codes():
    for name, function in inspect.getmembers(templates, inspect.isfunction):
        parameters = inspect.signature(function).parameters
        if function.__module__ != templates.__name__ or "to" not in parameters:
            continue  # helpers, not emails
        values = {p: (CODE if p in ("code", "codigo") else "https://oficinavirtual.example.co" if p == "portal_url"
                      else "x") for p in parameters if parameters[p].default is inspect.Parameter.empty}
        yield name, "code" in parameters, function(**values).text


def test_one_time_codes_travel_only_in_url_fragments():
    with_code = []
    for name, takes_code, text in rendered_with_codes():
        for url in re.findall(r"https?://\S+", text):
            server_part = url.partition("#")[0]
            assert CODE not in server_part and "codigo=" not in server_part, (name, url)
        if takes_code:
            with_code.append(name)
            assert any(CODE in url.partition("#")[2] for url in re.findall(r"https?://\S+", text)), name
    assert sorted(with_code) == ["new_admin_confirmation", "unlock_link"]  # every email carrying a code checked
