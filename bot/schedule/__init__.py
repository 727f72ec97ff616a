"""Training sessions and group departures: scheduling, enrolment with a waiting list, rosters.

- kinds.py      what trainings and departures share (start, end, which enrolments are theirs)
- times.py      local time as staff type it, stored in UTC
- events.py     add, edit, cancel (validation shared by the CLI and Telegram staff commands)
- enrolment.py  seats, the waiting list and who moves up
- roster.py     who is enrolled, their status, attendance
- upcoming.py   the training a worker is shown (培训 / training)
- reminders.py  where reminders are planned (the hooks every change above calls)
- waits.py      a sent reminder opens its 1 确认 / 2 不能去 wait; a late one is dropped
"""
