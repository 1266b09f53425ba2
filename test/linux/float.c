/* float.c - double arithmetic and printf of doubles (VFP registers); exit status 29. */
#include <stdio.h>

/* volatile: the compiler must not fold the arithmetic; the VFP unit does it at run time. */
static volatile double third = 1.0 / 3.0;

int main(void)
{
	double x = third;
	printf("%.17g\n", x);
	printf("%f %e %g\n", x * 3, x * 1e10, x / 1e10);
	double s = 0;
	for (int i = 1; i <= 1000; i++)
		s += 1.0 / ((double)i * i);
	printf("sum 1/i^2 (1000 terms) %.12f\n", s);
	float f = (float)x;
	printf("float %.9g\n", (double)f);
	printf("negative zero %g, big %g, small %g\n", -0.0 * x, x * 1e300 * 1e10, x * 1e-320);
	/* Newton's square root of 2: many dependent VFP operations. */
	double r = 1;
	for (int i = 0; i < 20; i++)
		r = (r + 2 / r) / 2;
	printf("sqrt(2) %.15f\n", r);
	return 29;
}
