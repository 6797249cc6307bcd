"""The exchange's own message types: acknowledgements, and the addressed student / study-right updates
with their replies (forwarded to their recipient; no domain app owns them yet). Registered at start-up
like every app's `messages` module (see `joopas.exchange.api`)."""

from __future__ import annotations

from joopas.exchange import examples as ex
from joopas.exchange import schemas as s
from joopas.exchange.registry import register_message_type
from joopas.exchange.services.inbound import acknowledge

register_message_type("UPDATE_STUDENT_REQUEST", s.UpdateStudentRequest, inbound=True, addressed=True,
                      summary="Home institution updates a student's details", example=ex.STUDENT)
register_message_type("UPDATE_STUDENT_REPLY_REQUEST", s.UpdateStudentReplyRequest, inbound=True,
                      reply_to=("UPDATE_STUDENT_REQUEST",), summary="Host institution answers a student update",
                      example=ex.STUDENT_REPLY)
register_message_type("UPDATE_STUDENT_STUDYRIGHT_REQUEST", s.UpdateStudentStudyRightRequest, inbound=True,
                      addressed=True, summary="Home institution updates a student's study right",
                      example=ex.STUDY_RIGHT)
register_message_type("UPDATE_STUDENT_STUDYRIGHT_REPLY_REQUEST", s.UpdateStudentStudyRightReplyRequest, inbound=True,
                      reply_to=("UPDATE_STUDENT_STUDYRIGHT_REQUEST",),
                      summary="Host institution answers a study-right update", example=ex.STUDY_RIGHT_REPLY)
register_message_type("ACKNOWLEDGEMENT", s.Acknowledgement, inbound=True, handler=acknowledge,
                      summary="Receiver confirms it has processed a message", example=ex.ACKNOWLEDGEMENT)
