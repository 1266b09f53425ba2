/* capdl_fixture.h - specs/full.cdl compiled, with typed pointers into the bytes (tests). */
#ifndef CAPDL_FIXTURE_H
#define CAPDL_FIXTURE_H

#include "capdl_read.h"
#include "capdl_test.h"

struct fixture {
	uint32_t *buf; /* 4-byte aligned */
	size_t size;
	struct capdl_header *h;
	struct capdl_object *obj;
	struct capdl_component *comp;
	struct capdl_cap *cap;
	uint32_t *part;
	char *str;
};

/* Compile @path (checked clean) into @f. */
static inline void fixture_compile(struct fixture *f, const char *path, const char *stem)
{
	size_t len;
	char *text = slurp(path, &len);
	struct spec *s = expect_clean(text, NULL);
	void *data;

	assert_int_equal(capdl_compile(s, stem, &data, &f->size), 0);
	f->buf = malloc(f->size + 4);
	assert_non_null(f->buf);
	memcpy(f->buf, data, f->size);
	free(data);
	spec_free(s);
	free(text);
	f->h = (struct capdl_header *)f->buf;
	f->obj = (struct capdl_object *)((char *)f->buf + f->h->object_off);
	f->comp = (struct capdl_component *)((char *)f->buf + f->h->component_off);
	f->cap = (struct capdl_cap *)((char *)f->buf + f->h->cap_off);
	f->part = (uint32_t *)((char *)f->buf + f->h->partition_off);
	f->str = (char *)f->buf + f->h->string_off;
}

/* Index of the object named @name in the compiled file. */
static inline uint32_t fixture_object(const struct fixture *f, const char *name)
{
	for (uint32_t i = 0; i < f->h->object_count; i++)
		if (strcmp(f->str + f->obj[i].name, name) == 0)
			return i;
	fail_msg("no object %s", name);
	return 0;
}

/* Offset of the string @s in the table. */
static inline uint32_t fixture_string(const struct fixture *f, const char *s)
{
	uint32_t size = f->h->size - f->h->string_off;

	for (uint32_t off = 0; off < size; off += (uint32_t)strlen(f->str + off) + 1)
		if (strcmp(f->str + off, s) == 0)
			return off;
	fail_msg("no string %s", s);
	return 0;
}

#endif
