import Foundation
import Randomness

/// How one film was taken: patient placement in the field and the exposure.
struct Acquisition {
  var rotation: Double  // radians
  var scale: Double  // patient size relative to the field
  var shiftX: Double, shiftY: Double  // in field units, field is [-1, 1]^2
  var gain: Double, bias: Double, gamma: Double
  var shadingX: Double, shadingY: Double  // linear brightness ramp (heel effect, positioning)
  var noise: Double  // standard deviation of per-pixel noise, in sample units

  /// Placement varies more than exposure on purpose: the study equalises every image, which
  /// undoes most of gain, bias and gamma, while a few pixels of shift, rotation and scale move
  /// every edge and so spread raw-pixel distances without hiding the signs from a CNN.
  init(using rng: inout SplitMix64) {
    rotation = rng.uniform(-0.05, 0.05)
    scale = rng.uniform(0.93, 1.03)
    shiftX = rng.uniform(-0.045, 0.045)
    shiftY = rng.uniform(-0.045, 0.045)
    gain = rng.uniform(0.85, 1.15)
    bias = rng.uniform(-0.05, 0.05)
    gamma = rng.uniform(0.8, 1.25)
    shadingX = rng.uniform(-0.015, 0.015)
    shadingY = rng.uniform(-0.015, 0.015)
    noise = rng.uniform(0.004, 0.012)
  }

  /// Field point (u, v) in [-1, 1]^2 to patient coordinates: undo shift, rotation and scale.
  func patientPoint(_ u: Double, _ v: Double) -> (Double, Double) {
    let du = u - shiftX
    let dv = v - shiftY
    let c = cos(rotation)
    let s = sin(rotation)
    return ((c * du + s * dv) / scale, (-s * du + c * dv) / scale)
  }

  /// Film brightness in [0, 1] for density `d` at field point (u, v), with one noise draw.
  func expose(_ d: Double, _ u: Double, _ v: Double, noise draw: Double) -> Double {
    let lit = gain * (d - 0.42) + 0.45 + bias + shadingX * u + shadingY * v
    let shaped = pow(min(max(lit, 0), 1), gamma)
    return min(max(shaped + noise * draw, 0), 1)
  }
}
