import Foundation
import Randomness
import SiameseEngine

/// Deterministic test data.
func randomTensor(
  _ shape: [Int], seed: UInt64, in range: ClosedRange<Float> = -1...1
) -> Tensor {
  var generator = SplitMix64(seed: seed)
  let values = (0..<shape.reduce(1, *)).map { _ in
    generator.nextFloat(in: range.lowerBound, range.upperBound)
  }
  return Tensor(shape: shape, scalars: values)
}

/// `‖a − b‖ / max(‖b‖, floor)`, in Double: the norm-wise relative error of `a` against `b`.
func relativeError(_ a: [Float], _ b: [Float], floor: Double = 1e-12) -> Double {
  precondition(a.count == b.count, "compared arrays differ in length")
  var difference = 0.0
  var reference = 0.0
  for (x, y) in zip(a, b) {
    difference += (Double(x) - Double(y)) * (Double(x) - Double(y))
    reference += Double(y) * Double(y)
  }
  return difference.squareRoot() / max(reference.squareRoot(), floor)
}

/// `Σ weights ⊙ values` in Double: turns a tensor output into a scalar for gradient checks.
func weightedSum(_ values: [Float], _ weights: [Float]) -> Double {
  zip(values, weights).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("siamese-engine-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

/// The Python interpreter the reference tests use: `$PYTHON` if set, else the first `python3`
/// on `PATH` (then the usual system locations) that can import numpy; otherwise the reason
/// none is usable, which the skipped test prints.
let pythonWithNumpy: Result<String, PythonUnavailable> = {
  let environment = ProcessInfo.processInfo.environment
  var candidates = environment["PYTHON"].map { [$0] } ?? []
  candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
  candidates += ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"]
  let executables = candidates.filter(FileManager.default.isExecutableFile(atPath:))
  guard !executables.isEmpty else {
    return .failure(PythonUnavailable(reason: "no python3 found on PATH or in /usr/bin"))
  }
  for python in executables {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { continue }
    process.waitUntilExit()
    if process.terminationStatus == 0 { return .success(python) }
  }
  return .failure(
    PythonUnavailable(reason: "none of \(executables) can import numpy (pip install numpy)"))
}()

struct PythonUnavailable: Error {
  let reason: String
}

/// A tiny two-class problem: class 0 images are bright in their left half, class 1 in their
/// right half, with uniform noise; `perClass` images of each class.
func separableImages(size: Int, perClass: Int, seed: UInt64) -> (images: Tensor, classes: [Int]) {
  var generator = SplitMix64(seed: seed)
  var values: [Float] = []
  var classes: [Int] = []
  for index in 0..<(2 * perClass) {
    let label = index % 2
    classes.append(label)
    for _ in 0..<size {
      for x in 0..<size {
        let bright = (x < size / 2) == (label == 0)
        values.append((bright ? 0.7 : 0.1) + generator.nextFloat(in: 0, 0.3))
      }
    }
  }
  return (Tensor(shape: [2 * perClass, size, size, 1], scalars: values), classes)
}
