"""The timing loop the Python load peers share (pandas_load, polars_load, duckdb_load):
RUNS loads, each timed in wall and process CPU (all threads, like getrusage), one line per
run, then the summary line table.sh reads (best, median, least CPU, peak RSS)."""
import resource
import time


def time_loads(runs, load, rows, drop=lambda: None):
    """Runs `load()` RUNS times and returns the last result, with the times printed.

    `rows(result)` counts a result's rows; `drop()` runs before each load so a run's peak
    memory does not hold the previous result."""
    times, cpu_times, result = [], [], None
    for run in range(1, runs + 1):
        result = None
        drop()
        start = time.perf_counter()
        cpu_start = time.process_time()
        result = load()
        seconds = time.perf_counter() - start
        times.append(seconds)
        cpu_times.append(time.process_time() - cpu_start)
        print(f"run {run}: {seconds:.3f} s (cpu {cpu_times[-1]:.3f} s)  rows {rows(result)}")
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    summary = (f"best={times[0]:.3f} median={times[len(times) // 2]:.3f}"
               f" cpu_best={min(cpu_times):.3f} peak_rss_mb={peak}")
    return result, summary
