/*
 * ballot_name.h - one ballot however it is spelled.
 *
 * Owns the ballot key: the Forum writes one ballot as "SMC05", "SMC-05",
 * "Ballot SMC05", "SC-081v3", "SC_088v3", "Forum-9" or, for the old
 * Baseline Requirements ballots, a bare number ("62", "Ballot 193").  The
 * key is the upper-case prefix and the number without leading zeros or
 * draft version: "SMC5", "SC81", "FORUM9", "62".  Known prefixes: SMC
 * (S/MIME), SC (server certificates), CSC (code signing; "CSCWG" is taken
 * as CSC), NS (network security) and FORUM.
 */
#ifndef CT_BALLOT_NAME_H
#define CT_BALLOT_NAME_H

#include <stddef.h>

/*
 * Normalise one ballot spelling to its key ("SMC05"->"SMC5",
 * "SMC010"->"SMC10", "SC-081"->"SC81", "SC81v3"->"SC81", "SC-097-V1"->"SC97",
 * "CSC-25"->"CSC25", "62"->"62", "Ballot SMC011"->"SMC11",
 * " smc05 "->"SMC5").  The whole string must be the name, apart from white
 * space around it and a leading word "Ballot" (followed by white space, '_',
 * '-' or ':').  Between prefix and number one '-', '_' or space may stand; a
 * draft version is 'v' and digits, optionally after '-' or '_'.  Numbers
 * have at most six digits and are not zero.  Writes at most outsz bytes
 * including the NUL.  Returns 0; CT_EINVALID (with a message naming the
 * text) when `in` is not a ballot name ("--", "", "n/a", "SMC", "v1.0.3",
 * "1.0.3", "RFC5280"); CT_ERROR when the key does not fit in outsz.
 */
int ballot_name_normalize(char *out, size_t outsz, const char *in);

/*
 * Find the first ballot name with a known prefix in free text at or after
 * text[from] (commit subjects, issue titles, labels, tag names):
 * "SMC05 - Introducing CAA for S/MIME (#228)" gives "SMC05";
 * "v1.0.10 - Ballot SMC012 (#282)" gives "SMC012"; "Ballot_SMC04" gives
 * "SMC04"; "SC28v6" gives "SC28v6" (the draft version is part of the
 * spelling); a number right after the word "Ballot" ("Ballot 193",
 * "ballot 62") is a ballot too.  Names inside words ("SMCWG", "TLSC05"),
 * issue numbers ("#228"), version numbers ("SC1.2") and other numbers are
 * not.  Prefixes match in any case.  On success set *start and *len to the
 * name's byte range (without the word "Ballot") and return 0; return
 * CT_ENOTFOUND otherwise (also when from is past the end).  Pass the end of
 * a hit as `from` to continue scanning.
 */
int ballot_name_find(size_t *start, size_t *len, const char *text, size_t from);

/*
 * ballot_name_find on text[0..n), n its length: a loop over a long text
 * that passes each hit's end as `from` does not measure the text again.
 */
int ballot_name_findn(size_t *start, size_t *len, const char *text, size_t n, size_t from);

/*
 * The ballot's name as the Forum writes it, from any spelling or its key:
 * S/MIME ballots as "SMC0" and the number ("SMC05", "SMC09", "SMC010",
 * "SMC012"), server certificate and network security ballots with three
 * digits ("SC081", "SC063", "NS003"), the others as their key ("CSC25",
 * "FORUM9", "193").  This is what every output shows; the key stays
 * internal.  Returns as ballot_name_normalize does.
 */
int ballot_name_display(char *out, size_t outsz, const char *in);

#endif
