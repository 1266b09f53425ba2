/* ktest.h - target tests: write KTEST(name) { ... } and the runner finds it. */
#ifndef KTEST_H
#define KTEST_H

struct ktest {
	const char *name;
	void (*fn)(void);
};

/* Registers a test function in the .ktest section, in definition order. */
#define KTEST(name)                                                                                \
	static void ktest_fn_##name(void);                                                         \
	static const struct ktest ktest_##name                                                     \
	    __attribute__((section(".ktest"), used, aligned(4))) = {#name, ktest_fn_##name};       \
	static void ktest_fn_##name(void)

void ktest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* On failure: record where and why, and leave the test function. */
#define KT_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			ktest_fail(__FILE__, __LINE__, "%s", #cond);                               \
			return;                                                                    \
		}                                                                                  \
	} while (0)

#define KT_EQ(a, b)                                                                                \
	do {                                                                                       \
		long ktest_a_ = (long)(a), ktest_b_ = (long)(b);                                   \
		if (ktest_a_ != ktest_b_) {                                                        \
			ktest_fail(__FILE__, __LINE__, "%s == %s: %ld != %ld", #a, #b, ktest_a_,   \
				   ktest_b_);                                                      \
			return;                                                                    \
		}                                                                                  \
	} while (0)

/* Runs every registered test; prints PASS/FAIL lines and the summary. */
int ktest_run_all(void);

#endif
