/* colors.h - L4Re's description of a pixel's layout (l4/re/c/video/colors.h): the bits of each
 * colour. */
#ifndef L4_RE_C_VIDEO_COLORS_H
#define L4_RE_C_VIDEO_COLORS_H

#include <l4/sys/compiler.h>

/* One colour of a pixel: @size bits from bit @shift on. */
typedef struct l4re_video_color_component_t {
	unsigned char size;
	unsigned char shift;
} __attribute__((packed)) l4re_video_color_component_t;

/* A pixel: red, green, blue, alpha, and its bytes. */
typedef struct l4re_video_pixel_info_t {
	l4re_video_color_component_t r, g, b, a;
	unsigned char bytes_per_pixel;
} l4re_video_pixel_info_t;

EXTERN_C_BEGIN

/* The bits of a pixel that hold colour: the sum of the four components' sizes. */
L4_INLINE L4_CV int l4re_video_bits_per_pixel(l4re_video_pixel_info_t *p)
{
	return p->r.size + p->g.size + p->b.size + p->a.size;
}

EXTERN_C_END

#endif
