/*
 * keymap.h - a hash map from fixed-length keys that are themselves hashes
 * (section-text XXH3-128 digests, git object ids) to 64-bit values.
 *
 * Open addressing with linear probing; the load factor stays under 1/2.
 * Keys are copied in.  Because keys are uniformly distributed already,
 * their first eight bytes serve as the hash.
 */
#ifndef CT_KEYMAP_H
#define CT_KEYMAP_H

#include <stddef.h>
#include <stdint.h>

struct keymap {
	size_t keylen;          /* 8 to 64 bytes */
	size_t nr, cap;
	unsigned char *keys;
	int64_t *vals;
	unsigned char *used;
};

/* Start an empty map for keys of `keylen` bytes. */
void keymap_init(struct keymap *map, size_t keylen);

/* Look a key up: 1 and *val set when present, else 0. */
int keymap_get(const struct keymap *map, const void *key, int64_t *val);

/* Insert or replace. */
void keymap_put(struct keymap *map, const void *key, int64_t val);

/* Free what the map holds and reset it to empty (the struct is the caller's); NULL or empty is fine. */
void keymap_release(struct keymap *map);

#endif
