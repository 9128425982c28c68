"""The resident-event contract in SQL, for every area that reads it set-based (payments, dashboards).

The state of every resident on a date is the event with the greatest (dated_on, seq) on or before it; each
event row carries the whole state after it. That fold is kept in `resident_state` (one interval per event,
valid_from <= D < valid_to, valid_to NULL while open; a trigger on resident_event writes it in the event's
transaction, see residents/kept.py), so the state on a date is one indexed range read, not a scan of events.
Two parameters: the date, twice (`?` placeholders, both engines).
"""

STATE_ON = """
SELECT s.resident AS resident, s.status AS status, s.mode AS mode, s.home AS home, s.care_level AS care_level
FROM resident_state s
WHERE s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to > ?)
"""
