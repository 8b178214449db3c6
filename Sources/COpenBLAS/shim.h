#include <cblas.h>

// Debian's OpenBLAS is built with DYNAMIC_ARCH: it picks a kernel set ("core") when it loads.
// These two entry points are exported by that build but not declared in cblas.h. Quitting and
// re-initialising the dynamic core lets the engine replace a mis-detected core in-process.
void gotoblas_dynamic_init(void);
void gotoblas_dynamic_quit(void);
