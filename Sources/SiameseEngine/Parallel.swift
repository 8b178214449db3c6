import COpenBLAS
import Dispatch

/// A raw pointer that may cross into `concurrentPerform` workers.
///
/// Safe only because every parallel loop in this module gives each worker a disjoint range of
/// the output, and the caller keeps the buffer alive until `concurrentPerform` returns.
struct SharedPointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<Float>
  init(_ base: UnsafeMutablePointer<Float>) { self.base = base }
}

/// A read-only counterpart of `SharedPointer`.
struct SharedConstPointer: @unchecked Sendable {
  let base: UnsafePointer<Float>
  init(_ base: UnsafePointer<Float>) { self.base = base }
}

/// Byte buffers for max-pooling argmax indices.
struct SharedBytePointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<UInt8>
  init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
}

/// Runs `body` over `0..<count` split into at most `BLASRuntime.threads` contiguous ranges.
///
/// The split depends only on `count` and the thread count, and each index is handled by exactly
/// one worker, so results are bit-identical from run to run when bodies write disjoint outputs.
func parallelFor(_ count: Int, minimumPerWorker: Int = 1, _ body: @Sendable (Range<Int>) -> Void) {
  guard count > 0 else { return }
  let workers = max(1, min(BLASRuntime.threads, count / max(minimumPerWorker, 1)))
  if workers == 1 {
    body(0..<count)
    return
  }
  DispatchQueue.concurrentPerform(iterations: workers) { worker in
    let lower = count * worker / workers
    let upper = count * (worker + 1) / workers
    body(lower..<upper)
  }
}

/// A fixed split of `count` images into at most `maximumImageTasks` contiguous ranges.
///
/// The split depends on `count` only, never on the thread count, so per-task partial sums
/// added in task order give the same bits however many workers ran the tasks.
func imageTasks(_ count: Int) -> [Range<Int>] {
  let tasks = max(1, min(count, maximumImageTasks))
  return (0..<tasks).map { (count * $0 / tasks)..<(count * ($0 + 1) / tasks) }
}

/// Eight tasks let a worker whose core is shared with another process hand most of the work
/// to the others (two equal halves would make every step wait for the slow one), while each
/// task of a 30-image batch still holds enough images for efficient SGEMM.
let maximumImageTasks = 8

/// Runs `tasks` on up to `BLASRuntime.threads` workers with OpenBLAS limited to one thread
/// meanwhile, so that every worker's SGEMM runs on its own core instead of contending with
/// OpenBLAS's own thread pool.
///
/// Each worker calls `work` once with a `next` function that hands out the next task (index
/// and image range) until none is left; the worker can set up scratch memory once and reuse
/// it for every task it takes. Which worker runs which task varies, so `work` must make a
/// task's results depend only on the task.
func runTasks(
  _ tasks: [Range<Int>],
  _ work: @Sendable (_ next: () -> (index: Int, range: Range<Int>)?) -> Void
) {
  let workers = max(1, min(BLASRuntime.threads, tasks.count))
  let counter = LockedValue(0)
  let next: @Sendable () -> (index: Int, range: Range<Int>)? = {
    let index = counter.withLock { value -> Int in
      defer { value += 1 }
      return value
    }
    return index < tasks.count ? (index, tasks[index]) : nil
  }
  if workers == 1 {
    work(next)
    return
  }
  BLASRuntime.withSingleThreadedBLAS {
    DispatchQueue.concurrentPerform(iterations: workers) { _ in work(next) }
  }
}
