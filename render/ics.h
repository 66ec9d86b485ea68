/*
 * ics.h - an RFC 5545 calendar of effective dates, IP review ends and
 * meetings, for a calendar application to subscribe to.
 *
 * The input is the view model: a JSON array of event objects.  The output
 * is byte-for-byte the same for the same input, options and zone database:
 * nothing reads the clock, the locale or TZ, and every UID comes from the
 * input, so a subscribed calendar updates its events instead of adding
 * them again.  Render never queries the database.
 */
#ifndef CT_RENDER_ICS_H
#define CT_RENDER_ICS_H

#include <jansson.h>

#include "tracker/base/strbuf.h"

struct ics_options {
	const char *prodid;     /* "-//cabtrack//cabtrack 0.1//EN" when NULL */
	const char *name;       /* X-WR-CALNAME, may be NULL */
	const char *dtstamp;    /* "YYYYMMDDTHHMMSSZ" for every event; required for reproducible output */
};
#define ICS_OPTIONS_INIT { NULL, NULL, NULL }

/*
 * events: JSON array of {uid (required, stable), summary (required), description?, location?, url?,
 *   categories?: [strings], start: "YYYY-MM-DD" (an all-day event) or "YYYY-MM-DDTHH:MM:SSZ" (UTC),
 *   end?: same form as start (default: all-day -> next day; timed -> start + 1 hour), status?,
 *   tz?: an IANA zone ("America/New_York") in which a timed event is written}.
 * Appends a VCALENDAR with one VEVENT each, in the given order.  0, or CT_EINVALID naming the event and field.
 *
 * In detail: lines end in CRLF and are folded at 75 octets, never inside
 * a UTF-8 sequence.  TEXT values (uid, summary, description, location,
 * categories, the name and the product id) have \ ; , escaped, line
 * breaks written as \n and other control characters dropped.  end is
 * exclusive, as DTEND is (an all-day event on one day ends the next day),
 * and must be later than start.  Years run from 1900 to 9998.  url must
 * be http:// or https://; bytes not allowed in a URI are percent-encoded.
 * status is TENTATIVE, CONFIRMED or CANCELLED (any case).  opts->dtstamp
 * is required: the calendar never stamps itself with the clock.  null
 * counts as absent.  On error `out` is left as it was.
 *
 * A timed event with a tz other than "UTC" is written in its zone,
 * "DTSTART;TZID=America/New_York:20231206T110000" (DTEND likewise), and
 * the calendar holds one VTIMEZONE per zone used (RFC 5545 3.6.5): the
 * observance in force on January 1 of the first year of that zone's
 * events, then a STANDARD or DAYLIGHT per change of offset to the end of
 * their last year,
 * read from the system's zone database (the only thing read besides the
 * input; an all-day event's tz is ignored).
 */
int render_ics(struct strbuf *out, json_t *events, const struct ics_options *opts);

#endif
