"""Reading the portal's RSS feeds in tests."""

import defusedxml.ElementTree as ET


def rss(client, url):
    """The feed's channel and its items as (title, link, pubDate), after checking it is RSS 2.0."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, [
        (i.findtext("title"), i.findtext("link"), i.findtext("pubDate")) for i in channel.findall("item")
    ]
