"""The transports the settings configure, by channel; a channel without one keeps the development mailbox."""

from __future__ import annotations

from backend.core.config import Settings
from backend.modules.identity.infrastructure.message_dispatcher import MessageTransport
from backend.modules.identity.infrastructure.sms_gateway import SmsGatewayTransport
from backend.modules.identity.infrastructure.smtp_transport import SmtpTransport


def configured_transports(settings: Settings) -> dict[str, MessageTransport]:
    """E-mail with ``MANDI_SMTP_URL`` (and ``MANDI_MAIL_FROM``), SMS with ``MANDI_SMS_GATEWAY_URL``
    (and ``MANDI_SMS_SENDER``); the settings refused any half-configured channel at start."""
    transports: list[MessageTransport] = []
    timeout = settings.message_send_timeout_seconds
    server = settings.smtp_server
    if server is not None and settings.mail_from is not None:
        transports.append(SmtpTransport(server, settings.mail_from, timeout))
    if settings.sms_gateway_url is not None and settings.sms_sender is not None:
        token = settings.sms_gateway_token.get_secret_value() if settings.sms_gateway_token else None
        transports.append(SmsGatewayTransport(settings.sms_gateway_url, token, settings.sms_sender, timeout))
    return {transport.channel: transport for transport in transports}
