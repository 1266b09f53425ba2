/* ktest.c - the target test runner: one line per test and a closing summary. */
#include "ktest.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

extern const struct ktest __ktest_start[], __ktest_end[];

static char failure[200];
static int failed;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	int n = snprintf(failure, sizeof(failure), "%s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(failure))
		vsnprintf(failure + n, sizeof(failure) - (size_t)n, fmt, ap);
	va_end(ap);
	failed = 1;
}

int ktest_run_all(void)
{
	int passed = 0, fails = 0;
	size_t count = ((uintptr_t)__ktest_end - (uintptr_t)__ktest_start) / sizeof(struct ktest);
	for (size_t i = 0; i < count; i++) {
		const struct ktest *t = &__ktest_start[i];
		failed = 0;
		t->fn();
		if (failed) {
			printf("FAIL %s: %s\n", t->name, failure);
			fails++;
		} else {
			printf("PASS %s\n", t->name);
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, fails);
	return fails;
}

int main(void)
{
	return ktest_run_all();
}
