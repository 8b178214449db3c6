import COpenBLAS

/// Thin wrappers over CBLAS, row-major throughout. All engine matrix products go through here.
enum Kernels {
  /// `c = a·b + beta·c` with `a` of `m×k` (or its transpose stored `k×m`) and `b` of `k×n`
  /// (or its transpose stored `n×k`), leading dimensions equal to the stored row lengths.
  static func gemm(
    transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, b: UnsafePointer<Float>, beta: Float,
    c: UnsafeMutablePointer<Float>
  ) {
    BLASRuntime.ensureConfigured()
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
      a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n), beta, c, Int32(n))
  }

  /// `sums[j] += Σ_i matrix[i, j]` for a row-major `rows×columns` matrix (bias gradients).
  ///
  /// Done as a matrix-vector product with a vector of ones so that it runs on BLAS threads;
  /// for a fixed thread count OpenBLAS sums in a fixed order, so the result is reproducible.
  static func addColumnSums(
    _ matrix: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
  ) {
    guard rows > 0 else { return }
    BLASRuntime.ensureConfigured()
    let ones = [Float](repeating: 1, count: rows)
    cblas_sgemv(
      CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, matrix, Int32(columns), ones,
      1, 1, sums, 1)
  }
}
