"""The impact dashboard: what the talks reached, computed by aggregate queries.

- `scope`: the coordinator's filters and the talks held that they select;
- `attendance`: talks, RSVPs, check-ins, no-shows and waitlist demand (events' rows);
- `sources`: the figures of outreach's own records (talk requests, subscribers,
  feedback, partners), one function each, "not available" (None) until wired;
- `anonymity`: the one rule every feedback figure goes through (fewer than 5: withheld);
- `feedback`: feedback totals turned into the figures the page and the CSV show;
- `charts`: the geometry of the server-drawn SVG bar charts;
- `report`: everything the page and the CSV show, in one object; `export`: the CSV.
"""
