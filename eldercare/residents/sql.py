"""The resident-event contract in SQL, for every area that reads it set-based (payments, dashboards).

The state of every resident on a date is the event with the greatest (dated_on, seq) on or before it; each
event row carries the whole state after it. Two parameters: the date, twice (`?` placeholders, both engines).
"""

STATE_ON = """
SELECT e.resident AS resident, e.status_after AS status, e.mode_after AS mode, e.home_after AS home,
       e.care_level_after AS care_level
FROM resident_event e
WHERE e.dated_on <= ? AND NOT EXISTS (
    SELECT 1 FROM resident_event l
    WHERE l.resident = e.resident AND l.dated_on <= ?
      AND (l.dated_on > e.dated_on OR (l.dated_on = e.dated_on AND l.seq > e.seq)))
"""
