"""The trading API tests reuse the partner API's actors (admin ``client``, ``back_office``, ``staff``)."""

from tests.api.partners.conftest import back_office, open_client, staff, trader

__all__ = ["back_office", "open_client", "staff", "trader"]
