/*
 * url.h - which URLs from data may become links.
 *
 * Owns the one rule every page, appendix and calendar applies to a URL
 * that comes from data (a GitHub item's html_url, a link in a document's
 * Markdown, an event's url): only an absolute http or https URL with a host
 * becomes a link; anything else (javascript:, data:, mailto:, relative
 * references) is shown as text or left out.
 */
#ifndef CT_RENDER_URL_H
#define CT_RENDER_URL_H

#include <stddef.h>

/*
 * Whether s[0..len) may be a link: "http://" or "https://" (any case)
 * followed by a non-empty host, and no control character (C0 or DEL)
 * anywhere.  1 or 0; NULL is 0.  Spaces and other bytes a URL should not
 * hold are the writer's to escape (HTML) or percent-encode (calendar).
 */
int url_is_web(const char *s, size_t len);

#endif
