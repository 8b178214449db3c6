import Foundation
import Randomness

/// Drawing helpers for the phantoms on top of the program's one generator.
extension SplitMix64 {
  /// Seed derived from a label and numbers with FNV-1a over their bytes. Swift's `Hasher` is
  /// not used because it is randomly seeded per process.
  init(label: String, _ numbers: UInt64...) {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    for byte in label.utf8 { mix(byte) }
    for number in numbers {
      mix(0xFF)
      for shift in stride(from: 0, to: 64, by: 8) {
        mix(UInt8(truncatingIfNeeded: number >> shift))
      }
    }
    self.init(seed: hash)
  }

  /// Standard normal by Box-Muller.
  mutating func gaussian() -> Double {
    let u1 = max(uniform(0, 1), 1e-300)
    let u2 = uniform(0, 1)
    return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
  }

  /// Uniform integer in `0..<count`, by rejection-free multiply-shift (tiny bias is irrelevant).
  mutating func index(_ count: Int) -> Int {
    Int((next() >> 32) * UInt64(count) >> 32)
  }

  mutating func coin(_ probability: Double) -> Bool { uniform(0, 1) < probability }
}

/// Smooth random field on [-1, 1]^2: random values on a `cells` x `cells` lattice, blended with
/// smoothstep weights. Returns values in [0, 1].
struct ValueNoise {
  private let cells: Int
  private let lattice: [Double]

  init(cells: Int, using rng: inout SplitMix64) {
    self.cells = cells
    lattice = (0..<((cells + 1) * (cells + 1))).map { _ in rng.uniform(0, 1) }
  }

  func callAsFunction(_ x: Double, _ y: Double) -> Double {
    let gx = min(max((x + 1) / 2, 0), 1) * Double(cells)
    let gy = min(max((y + 1) / 2, 0), 1) * Double(cells)
    let ix = min(Int(gx), cells - 1)
    let iy = min(Int(gy), cells - 1)
    let fx = smoothstep(gx - Double(ix))
    let fy = smoothstep(gy - Double(iy))
    let row = cells + 1
    let top = lattice[iy * row + ix] * (1 - fx) + lattice[iy * row + ix + 1] * fx
    let bottom = lattice[(iy + 1) * row + ix] * (1 - fx) + lattice[(iy + 1) * row + ix + 1] * fx
    return top * (1 - fy) + bottom * fy
  }
}

/// 0 below 0, 1 above 1, cubic in between.
func smoothstep(_ t: Double) -> Double {
  let c = min(max(t, 0), 1)
  return c * c * (3 - 2 * c)
}

/// 1 well inside (signed distance < -width / 2), 0 well outside, smooth across the edge.
func softInside(_ signedDistance: Double, width: Double) -> Double {
  smoothstep(0.5 - signedDistance / width)
}
