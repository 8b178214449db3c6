/// Eigen-decomposition of a small dense symmetric matrix by the cyclic Jacobi method.
///
/// Meant for the few-by-few Rayleigh–Ritz matrices of the PCA; O(k³) per sweep. Jacobi is used
/// because it is short, accurate to a few ulps of the largest eigenvalue and deterministic.
struct SymmetricEigen {
  /// Eigenvalues, descending; equal values keep the order of their columns.
  let values: [Double]
  /// `vectors[j]` is the unit eigenvector of `values[j]`.
  let vectors: [[Double]]

  /// - Parameter matrix: k × k, row-major, symmetric (only symmetry up to rounding is assumed;
  ///   the upper triangle is mirrored).
  init(matrix: [Double], size k: Int) {
    precondition(matrix.count == k * k, "matrix must hold \(k)×\(k) values")
    var a = matrix
    for i in 0..<k {
      for j in (i + 1)..<k { a[j * k + i] = a[i * k + j] }
    }
    var v = [Double](repeating: 0, count: k * k)
    for i in 0..<k { v[i * k + i] = 1 }

    // Fifty sweeps is far more than needed: Jacobi converges quadratically once the
    // off-diagonal part is small, typically within ten sweeps for k ≤ 16.
    for _ in 0..<50 {
      var offDiagonal = 0.0
      var diagonal = 0.0
      for i in 0..<k {
        diagonal += a[i * k + i] * a[i * k + i]
        for j in (i + 1)..<k { offDiagonal += a[i * k + j] * a[i * k + j] }
      }
      if offDiagonal <= 1e-30 * diagonal || offDiagonal == 0 { break }

      for p in 0..<k {
        for q in (p + 1)..<k where a[p * k + q] != 0 {
          Self.rotate(&a, &v, k: k, p: p, q: q)
        }
      }
    }

    let order = (0..<k).sorted { i, j in
      a[i * k + i] != a[j * k + j] ? a[i * k + i] > a[j * k + j] : i < j
    }
    values = order.map { a[$0 * k + $0] }
    vectors = order.map { column in (0..<k).map { v[$0 * k + column] } }
  }

  /// One Jacobi rotation that zeroes a[p][q], applied to `a` on both sides and to `v` on the right.
  private static func rotate(_ a: inout [Double], _ v: inout [Double], k: Int, p: Int, q: Int) {
    let apq = a[p * k + q]
    let theta = (a[q * k + q] - a[p * k + p]) / (2 * apq)
    // The smaller root of t² + 2θt − 1 = 0, written to avoid cancellation for large |θ|.
    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
    let c = 1 / (t * t + 1).squareRoot()
    let s = t * c

    for r in 0..<k {
      let arp = a[r * k + p]
      let arq = a[r * k + q]
      a[r * k + p] = c * arp - s * arq
      a[r * k + q] = s * arp + c * arq
    }
    for r in 0..<k {
      let apr = a[p * k + r]
      let aqr = a[q * k + r]
      a[p * k + r] = c * apr - s * aqr
      a[q * k + r] = s * apr + c * aqr
    }
    for r in 0..<k {
      let vrp = v[r * k + p]
      let vrq = v[r * k + q]
      v[r * k + p] = c * vrp - s * vrq
      v[r * k + q] = s * vrp + c * vrq
    }
  }
}
