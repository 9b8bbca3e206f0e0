#include <cblas.h>
// LAPACK's Cholesky routines (dpotrf, dpotri, dposv …) live in the same libopenblas; their
// Fortran-style prototypes are in f77blas.h.
#include <f77blas.h>
// LAPACK's dposv (Cholesky factor and solve in one call) is in the library, not in its headers.
int dposv_(char *uplo, blasint *n, blasint *nrhs, double *a, blasint *lda, double *b,
           blasint *ldb, blasint *info);
