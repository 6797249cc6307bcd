"""The exchange's own message type: acknowledgements. Domain types (offering, networks, student updates,
registrations, study records) are registered by the apps that own them. Registered at start-up like every
app's `messages` module (see `joopas.exchange.api`)."""

from __future__ import annotations

from joopas.exchange import examples as ex
from joopas.exchange import schemas as s
from joopas.exchange.registry import register_message_type
from joopas.exchange.services.inbound import acknowledge

register_message_type("ACKNOWLEDGEMENT", s.Acknowledgement, inbound=True, handler=acknowledge,
                      summary="Receiver confirms it has processed a message", example=ex.ACKNOWLEDGEMENT)
