"""A local WhatsApp Business Cloud API on 127.0.0.1, with simulated people.

It speaks the part of the Cloud API a WhatsApp bot uses (text, reply buttons, list messages,
templates, mark as read), refuses what Meta refuses with Meta's error codes (limits.py), keeps
each person's 24-hour customer-service window, signs its webhooks with the app secret as Meta
does, and fails the way Meta fails (faults.py). It knows the API, not the product that calls it;
nothing here contacts Meta.

    async with LocalCloudApi(webhook_url="http://127.0.0.1:8080/whatsapp") as api:
        ...  # point the bot at api.base_url with api.token and api.app_secret
        anna = api.person("31612345678", "Anna")
        replies = await anna.send_text("Hallo")
        await anna.press("Ja, ik doe mee")
"""

from localwhatsapp.faults import CloudApiFault
from localwhatsapp.limits import MetaError
from localwhatsapp.people import Person, Sent
from localwhatsapp.server import LocalCloudApi

__all__ = ["CloudApiFault", "LocalCloudApi", "MetaError", "Person", "Sent"]
