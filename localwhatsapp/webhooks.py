"""Webhook notifications as the Cloud API sends them, and their signature.

Every notification is a JSON object `{"object": "whatsapp_business_account", "entry": [...]}`
with one change of field `messages`; its value holds either `messages` (what a person sent, with
`contacts`) or `statuses` (what became of a message the business sent). Meta signs the raw body:
`X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the app secret>`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

Json = dict[str, Any]
SIGNATURE_HEADER = "X-Hub-Signature-256"
BUSINESS_ACCOUNT_ID = "102290129340398"


def sign(body: bytes, app_secret: str) -> str:
    """The value of X-Hub-Signature-256 for this raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def encode(notification: Json) -> bytes:
    return json.dumps(notification, ensure_ascii=False, separators=(",", ":")).encode()


def _envelope(phone_number_id: str, display_number: str, value: Json) -> Json:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": display_number, "phone_number_id": phone_number_id},
        **value,
    }
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": BUSINESS_ACCOUNT_ID, "changes": [{"value": value, "field": "messages"}]}],
    }


def message_notification(
    phone_number_id: str, display_number: str, name: str, wa_id: str, message: Json
) -> Json:
    """A person's message (`message` holds from, id, timestamp, type and the type's object)."""
    value = {"contacts": [{"profile": {"name": name}, "wa_id": wa_id}], "messages": [message]}
    return _envelope(phone_number_id, display_number, value)


def status_notification(
    phone_number_id: str,
    display_number: str,
    message_id: str,
    wa_id: str,
    status: str,
    timestamp: int,
    error: Json | None = None,
) -> Json:
    """What became of a sent message: sent, delivered, read or failed (with `errors`)."""
    entry: Json = {
        "id": message_id,
        "status": status,
        "timestamp": str(timestamp),
        "recipient_id": wa_id,
    }
    if error is not None:
        entry["errors"] = [error]
    return _envelope(phone_number_id, display_number, {"statuses": [entry]})


def undeliverable_error() -> Json:
    """The error of a failed status when the message could not reach the person (e.g. they
    blocked the business or have no WhatsApp on that number)."""
    return {
        "code": 131026,
        "title": "Message undeliverable",
        "message": "Message undeliverable",
        "error_data": {"details": "Message Undeliverable."},
    }
