// Port of Go 1.27's src/internal/trace/mud.go: an updatable mutator
// utilization distribution. Kept line by line (same names, same order of
// floating-point operations) so results match Go's bit for bit.

/** mudDegree is the number of buckets in the MUD summary histogram. */
export const mudDegree = 1024;

interface Edge {
  /** At x, the function increases by delta. */
  x: number;
  delta: number;
  /** Additionally at x is a Dirac delta function with area dirac. */
  dirac: number;
}

/** Go's math.Modf for the finite values used here: [int part, fractional part]. */
function modf(f: number): [number, number] {
  if (f < 1) {
    if (f < 0) {
      const [i, fr] = modf(-f);
      return [-i, -fr];
    }
    if (f === 0) {
      return [f, f];
    }
    return [0, f];
  }
  const i = Math.trunc(f);
  return [i, f - i];
}

/**
 * mud is an updatable mutator utilization distribution.
 *
 * This is a continuous distribution of duration over mutator utilization.
 * For example, the integral from mutator utilization a to b is the total
 * duration during which the mutator utilization was in the range [a, b].
 *
 * This distribution is *not* normalized (it is not a probability
 * distribution). This makes it easier to work with as it's being updated.
 *
 * It is represented as the sum of scaled uniform distribution functions and
 * Dirac delta functions (which are treated as degenerate uniform
 * distributions).
 */
export class Mud {
  sorted: Edge[] | null = null;
  unsorted: Edge[] = [];

  /** trackMass is the inverse cumulative sum to track as the distribution is updated. */
  trackMass = 0;
  /**
   * trackBucket is the bucket in which trackMass falls. If the total mass of
   * the distribution is < trackMass, this is len(hist).
   */
  trackBucket = 0;
  /**
   * trackSum is the cumulative sum of hist[:trackBucket]. Once
   * trackSum >= trackMass, trackBucket must be recomputed.
   */
  trackSum = 0;

  /** hist is a hierarchical histogram of distribution mass. */
  readonly hist = new Float64Array(mudDegree);

  /**
   * add adds a uniform function over [l, r] scaled so the total weight of
   * the uniform is area. If l==r, this adds a Dirac delta function.
   */
  add(l: number, r: number, area: number): void {
    if (area === 0) {
      return;
    }

    if (r < l) {
      const t = l;
      l = r;
      r = t;
    }

    // Add the edges.
    if (l === r) {
      this.unsorted.push({ x: l, delta: 0, dirac: area });
    } else {
      const delta = area / (r - l);
      this.unsorted.push({ x: l, delta, dirac: 0 }, { x: r, delta: -delta, dirac: 0 });
    }

    // Update the histogram.
    const h = this.hist;
    let [lbFloat, lf] = modf(l * mudDegree);
    let lb = Math.trunc(lbFloat);
    if (lb >= mudDegree) {
      lb = mudDegree - 1;
      lf = 1;
    }
    if (l === r) {
      h[lb] += area;
    } else {
      let [rbFloat, rf] = modf(r * mudDegree);
      let rb = Math.trunc(rbFloat);
      if (rb >= mudDegree) {
        rb = mudDegree - 1;
        rf = 1;
      }
      if (lb === rb) {
        h[lb] += area;
      } else {
        const perBucket = area / (r - l) / mudDegree;
        h[lb] += perBucket * (1 - lf);
        h[rb] += perBucket * rf;
        for (let i = lb + 1; i < rb; i++) {
          h[i] += perBucket;
        }
      }
    }

    // Update mass tracking.
    const thresh = this.trackBucket / mudDegree;
    if (l < thresh) {
      if (r < thresh) {
        this.trackSum += area;
      } else {
        this.trackSum += (area * (thresh - l)) / (r - l);
      }
      if (this.trackSum >= this.trackMass) {
        // The tracked mass now falls in a different
        // bucket. Recompute the inverse cumulative sum.
        this.setTrackMass(this.trackMass);
      }
    }
  }

  /**
   * setTrackMass sets the mass to track the inverse cumulative sum for.
   *
   * Specifically, mass is a cumulative duration, and the mutator
   * utilization bounds for this duration can be queried using
   * approxInvCumulativeSum.
   */
  setTrackMass(mass: number): void {
    this.trackMass = mass;

    // Find the bucket currently containing trackMass by computing
    // the cumulative sum.
    let sum = 0.0;
    const hist = this.hist;
    for (let i = 0; i < hist.length; i++) {
      const newSum = sum + hist[i]!;
      if (newSum > mass) {
        // mass falls in bucket i.
        this.trackBucket = i;
        this.trackSum = sum;
        return;
      }
      sum = newSum;
    }
    this.trackBucket = hist.length;
    this.trackSum = sum;
  }

  /**
   * approxInvCumulativeSum is like invCumulativeSum, but specifically
   * operates on the tracked mass and returns an upper and lower bound
   * approximation of the inverse cumulative sum.
   *
   * The true inverse cumulative sum will be in the range [lower, upper).
   */
  approxInvCumulativeSum(): [number, number, boolean] {
    if (this.trackBucket === this.hist.length) {
      return [NaN, NaN, false];
    }
    return [this.trackBucket / mudDegree, (this.trackBucket + 1) / mudDegree, true];
  }

  /**
   * invCumulativeSum returns x such that the integral of d from -∞ to x is
   * y. If the total weight of d is less than y, it returns the maximum of
   * the distribution and false.
   *
   * Specifically, y is a cumulative duration, and invCumulativeSum returns
   * the mutator utilization x such that at least y time has been spent with
   * mutator utilization <= x.
   */
  invCumulativeSum(y: number): [number, boolean] {
    if ((this.sorted === null || this.sorted.length === 0) && this.unsorted.length === 0) {
      return [NaN, false];
    }

    // Sort edges.
    const edges = this.unsorted;
    edges.sort((a, b) => (a.x < b.x ? -1 : a.x > b.x ? 1 : 0));
    // Merge with sorted edges.
    this.unsorted = [];
    if (this.sorted === null) {
      this.sorted = edges;
    } else {
      const oldSorted = this.sorted;
      const newSorted: Edge[] = new Array<Edge>(oldSorted.length + edges.length);
      let i = 0;
      let j = 0;
      for (let o = 0; o < newSorted.length; o++) {
        if (i >= oldSorted.length) {
          for (; o < newSorted.length; o++) newSorted[o] = edges[j++]!;
          break;
        } else if (j >= edges.length) {
          for (; o < newSorted.length; o++) newSorted[o] = oldSorted[i++]!;
          break;
        } else if (oldSorted[i]!.x < edges[j]!.x) {
          newSorted[o] = oldSorted[i]!;
          i++;
        } else {
          newSorted[o] = edges[j]!;
          j++;
        }
      }
      this.sorted = newSorted;
    }

    // Traverse edges in order computing a cumulative sum.
    let csum = 0.0;
    let rate = 0.0;
    let prevX = 0.0;
    for (const e of this.sorted) {
      let newCsum = csum + (e.x - prevX) * rate;
      if (newCsum >= y) {
        // y was exceeded between the previous edge
        // and this one.
        if (rate === 0) {
          // Anywhere between prevX and e.x will do. We return e.x
          // because that takes care of the y==0 case naturally.
          return [e.x, true];
        }
        return [(y - csum) / rate + prevX, true];
      }
      newCsum += e.dirac;
      if (newCsum >= y) {
        // y was exceeded by the Dirac delta at e.x.
        return [e.x, true];
      }
      csum = newCsum;
      prevX = e.x;
      rate += e.delta;
    }
    return [prevX, false];
  }
}
