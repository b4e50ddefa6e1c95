// zlib behind plain C functions. deflateInit2/inflateInit2 are macros that
// Swift cannot call, so every entry point the Compression target uses is here.
#ifndef ROOST_CZLIB_H
#define ROOST_CZLIB_H

#include <zlib.h>

int czlib_deflate_init(z_stream *stream, int level, int window_bits, int mem_level);
int czlib_inflate_init(z_stream *stream, int window_bits);

#endif
