/**
 * Agglomerative clustering with complete linkage over a precomputed distance matrix (paper
 * Section IV-C): d(G, H) = max over i in G, j in H of d_ij, merged until one cluster is left.
 *
 * The merge tree has SciPy's linkage-matrix layout: merge i joins ids `a` < `b` (ids < n are the
 * leaves, n + m is the cluster made by merge m) at `height`, making a cluster of `size` leaves.
 * Heights are non-decreasing (complete linkage is monotone).
 *
 * Ties: the same algorithm as SciPy's `linkage(method='complete')` (scipy/cluster/_hierarchy.pyx
 * `nn_chain`), so equal distances are resolved as SciPy resolves them: the nearest-neighbour
 * chain starts at the lowest live cluster id; a cluster's nearest neighbour is the previous chain
 * element when it is among the nearest, else the lowest id at the minimum distance; the merged
 * cluster keeps the higher of the two slots; the merges are then stably sorted by height and
 * relabelled with a union-find (the smaller root id first).
 */

/** One merge, as a row of a SciPy linkage matrix: ids < n are leaves, n + i is the cluster made by merge i. */
export interface Merge {
  a: number;
  b: number;
  height: number;
  size: number;
}

function checkMatrix(dist: ArrayLike<number>, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`linkage: n = ${n}`);
  if (dist.length !== n * n)
    throw new RangeError(`linkage: the distance matrix has ${dist.length} values, not ${n}².`);
}

/**
 * Complete linkage over a precomputed distance matrix.
 * @param dist [n, n] row-major, symmetric, zero diagonal (only the upper triangle is read).
 * @returns n - 1 merges, heights non-decreasing (see the file comment for ties).
 */
export function completeLinkage(dist: ArrayLike<number>, n: number): Merge[] {
  checkMatrix(dist, n);
  if (n < 2) return [];
  // D[x * n + y] for x < y: the current distance between the clusters in slots x and y.
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const v = dist[i * n + j];
      if (!Number.isFinite(v)) throw new RangeError(`linkage: distance (${i}, ${j}) is ${v}.`);
      D[i * n + j] = v;
      D[j * n + i] = v;
    }
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const raw: { x: number; y: number; height: number }[] = [];

  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      for (let i = 0; i < n; i++)
        if (size[i] > 0) {
          chain[0] = i;
          break;
        }
      chainLength = 1;
    }
    let x = 0;
    let y = 0;
    let currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1];
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        currentMin = D[x * n + y];
      } else currentMin = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const d = D[x * n + i];
        if (d < currentMin) {
          currentMin = d;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x];
    const ny = size[y];
    raw.push({ x, y, height: currentMin });
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      const v = Math.max(D[i * n + x], D[i * n + y]); // complete linkage
      D[i * n + y] = v;
      D[y * n + i] = v;
    }
  }

  // Stable sort by height (as NumPy's mergesort), then relabel with a union-find.
  const order = raw.map((_, i) => i).sort((p, q) => raw[p].height - raw[q].height || p - q);
  const parent = new Int32Array(2 * n - 1).map((_, i) => i);
  const leaves = new Int32Array(2 * n - 1).fill(1);
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r];
    while (parent[v] !== r) {
      const next = parent[v];
      parent[v] = r;
      v = next;
    }
    return r;
  };
  return order.map((idx, m) => {
    const { x, y, height } = raw[idx];
    const rx = find(x);
    const ry = find(y);
    const label = n + m;
    parent[rx] = label;
    parent[ry] = label;
    leaves[label] = leaves[rx] + leaves[ry];
    return { a: Math.min(rx, ry), b: Math.max(rx, ry), height, size: leaves[label] };
  });
}

function checkTree(merges: Merge[], n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cut: n = ${n}`);
  if (merges.length !== Math.max(0, n - 1))
    throw new RangeError(`cut: ${merges.length} merges for ${n} leaves (expected ${n - 1}).`);
}

/**
 * Labels after applying the first `count` merges: [n], numbered 0..k-1 in order of each
 * cluster's smallest leaf index.
 */
function labelsAfter(merges: Merge[], n: number, count: number): Int32Array {
  const parent = new Int32Array(2 * n).map((_, i) => i);
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let m = 0; m < count; m++) {
    parent[find(merges[m].a)] = n + m;
    parent[find(merges[m].b)] = n + m;
  }
  const labels = new Int32Array(n);
  const numbering = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let label = numbering.get(root);
    if (label === undefined) {
      label = numbering.size;
      numbering.set(root, label);
    }
    labels[i] = label;
  }
  return labels;
}

/**
 * Flat clusters from a cut at `height`: the clusters whose merge height <= height are joined
 * (SciPy's `fcluster(Z, height, criterion='distance')`, numbered differently).
 * @returns labels [n], numbered 0..k-1 in order of each cluster's smallest leaf index.
 */
export function cutAtHeight(merges: Merge[], n: number, height: number): Int32Array {
  checkTree(merges, n);
  let count = 0;
  while (count < merges.length && merges[count].height <= height) count++;
  return labelsAfter(merges, n, count);
}

/**
 * Exactly k flat clusters: the first n - k merges applied. Equals SciPy's
 * `cut_tree(Z, n_clusters=k)` unless merges n - k - 1 and n - k have the same height (then no
 * cut height gives k; cut_tree takes the tied merges in breadth-first order instead).
 * @param k 1..n
 * @returns labels [n], numbered 0..k-1 in order of each cluster's smallest leaf index.
 */
export function cutIntoK(merges: Merge[], n: number, k: number): Int32Array {
  checkTree(merges, n);
  if (!Number.isInteger(k) || k < Math.min(1, n) || k > n)
    throw new RangeError(`cutIntoK: k = ${k} for ${n} leaves.`);
  return labelsAfter(merges, n, n - k);
}

/**
 * A height whose cut gives exactly k clusters: midway between the heights of merges n - k - 1
 * and n - k (for k = n, half the first merge's height; for k = 1, 5% above the last merge, or
 * 1 when every height is 0). Where those two heights tie (or k = n and the first merge is at
 * height 0), no height gives exactly k: the tied height is returned (`cutAtHeight` there gives
 * fewer clusters; `cutIntoK` still gives k).
 */
export function heightForK(merges: Merge[], n: number, k: number): number {
  checkTree(merges, n);
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`heightForK: k = ${k} for ${n} leaves.`);
  if (n === 1) return 0;
  if (k === n) return merges[0].height / 2;
  const below = merges[n - k - 1].height;
  if (k === 1) return below > 0 ? below * 1.05 : 1;
  const above = merges[n - k].height;
  return below === above ? below : (below + above) / 2;
}
