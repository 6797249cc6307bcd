"""The only writers of the exchange, one module per concern:

- `inbound`: receive, check, dispatch to the registered handler, forward addressed messages and replies,
  acknowledgements;
- `outbound`: platform-generated messages (`emit`), deliveries, the pull feed, the NOTIFY wake-up;
- `delivery`: the push engine's claim and record (R-EXC-3);
- `operations`: dead-letter replay and payload fixes, delivery settings;
- `maintenance`: payload retention and the daily failure digest;
- `history`: the status history rows every change writes (R-EXC-2).
"""
