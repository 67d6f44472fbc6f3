# Full LP over every published table of ONE release (privacy-side-doors28): for every withheld
# count (shown <10, shown x, and every hidden cell of the finest cross-classification that
# relations.json declares), its min and max over everything the release's tables publish.
# An attacker's knowledge: a published count is a constant, "<10" is 1..threshold-1, "x" is
# threshold or more (README: complementary counts are never 0 nor small) unless may_be_zero,
# a hidden cell 0 or more; relations.json's equal and at_most rows. Also checks each relation
# on the cells it leaves fully published (a relation that does not hold there would be wrong).
# Usage: /usr/bin/python3 release_lp.py RELEASE [MAXCELLS]   (Debian's python3-scipy, HiGHS)
# Prints a summary and every protected count narrower than the protection range.
import base64, json, os, sys, time
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

d = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
t0 = time.time()
man = json.load(open(os.path.join(d, 'manifest.json')))
T = man['tables']['threshold']
W = man['tables']['protection_width']
ts = {t['name']: t for t in json.load(open(os.path.join(d, 'tables', 'tables.json')))}
rel = json.load(open(os.path.join(d, 'tables', 'relations.json')))
hid = {h['name']: h for h in rel['hidden']}
zero = set(tuple(x) for x in rel.get('may_be_zero', []))

var, bounds, info = {}, [], []  # info: (table, labels, count, state, value)
for ti, n in enumerate(rel['tables']):
    if n in ts:
        t = ts[n]
        for ri, row in enumerate(t['rows']):
            st = base64.b64decode(row['state']) if row.get('state') else bytes(len(t['counts']))
            for ci, c in enumerate(t['counts']):
                v = row['values'][ci]
                var[(ti, ri, ci)] = len(bounds)
                if st[ci] == 0:
                    bounds.append((v, v))
                elif st[ci] == 1:
                    bounds.append((1, T - 1))
                elif (ti, ri, ci) in zero or st[ci] == 4:
                    # 4: Unrecorded (release.Unrecorded), unknown, bounded by the relations only
                    bounds.append((0, None))
                else:
                    bounds.append((T, None))
                info.append((n, row['labels'], c, st[ci], v))
    else:
        h = hid[n]
        for ri, labels in enumerate(h['rows']):
            for ci, c in enumerate(h['counts']):
                var[(ti, ri, ci)] = len(bounds)
                bounds.append((0, None))
                info.append((n, labels, c, 9, None))
N = len(bounds)

def mat(rs):
    M = lil_matrix((len(rs), N))
    for k, e in enumerate(rs):
        for x in e['left']:
            M[k, var[tuple(x)]] += 1
        for x in e['right']:
            M[k, var[tuple(x)]] -= 1
    return M.tocsr()

# each relation on fully published cells must hold
bad = 0
for kind, rs in (('equal', rel['equal']), ('at_most', rel['at_most'])):
    for e in rs:
        cells = [var[tuple(x)] for x in e['left'] + e['right']]
        if all(bounds[i][0] == bounds[i][1] for i in cells):
            l = sum(bounds[var[tuple(x)]][0] for x in e['left'])
            r = sum(bounds[var[tuple(x)]][0] for x in e['right'])
            if (kind == 'equal' and l != r) or (kind == 'at_most' and l > r):
                bad += 1
                print('relation does not hold on published cells:', kind, e)
Aeq, Ale = mat(rel['equal']), mat(rel['at_most'])
beq, ble = np.zeros(Aeq.shape[0]), np.zeros(Ale.shape[0])

def solve(i, sign):
    c = np.zeros(N)
    c[i] = sign
    r = linprog(c, A_ub=Ale, b_ub=ble, A_eq=Aeq, b_eq=beq, bounds=bounds, method='highs')
    if r.status == 3:
        return None  # unbounded
    if r.status != 0:
        raise SystemExit('LP status %d for %s' % (r.status, info[i]))
    return sign * r.fun

# first, is the whole system feasible (the true counts satisfy it)?
f = linprog(np.zeros(N), A_ub=Ale, b_ub=ble, A_eq=Aeq, b_eq=beq, bounds=bounds, method='highs')
print('variables %d, equalities %d, inequalities %d, feasible %s, relations broken on published cells %d'
      % (N, Aeq.shape[0], Ale.shape[0], f.status == 0, bad))
cells = [i for i in range(N) if bounds[i][0] != bounds[i][1]]
if limit:
    cells = cells[:limit]
narrow, exact, n1, n2, nh, lps = [], [], 0, 0, 0, 0
widest_min = None
for i in cells:
    n, labels, c, st, v = info[i]
    lo = solve(i, 1)
    hi = solve(i, -1)
    lps += 2
    lo = round(lo, 6)
    hi = None if hi is None else round(hi, 6)
    w = float('inf') if hi is None else hi - lo
    if st == 1:
        n1 += 1
        # the labels alone may leave fewer values (n <10 cells under a <10 total)
        if w < W:
            narrow.append((w, n, labels, c, 'shown <10', lo, hi))
        widest_min = w if widest_min is None else min(widest_min, w)
    elif st == 2:
        n2 += 1
        if w < W:
            narrow.append((w, n, labels, c, 'shown x', lo, hi))
    else:
        nh += 1
        # a hidden cell is protected when it holds 1..T-1 (its true value is not published):
        # one narrower than W that may hold such a count is listed
        if w < W and hi is not None and hi >= 1 and lo <= T - 1:
            narrow.append((w, n, labels, c, 'hidden', lo, hi))
    if w == 0 and hi is not None and hi > 0:
        exact.append((n, labels, c, st, lo))
print('withheld cells solved: %d shown <10, %d shown x, %d hidden; %d LPs in %.1f s'
      % (n1, n2, nh, lps, time.time() - t0))
print('narrowest interval of a count shown <10: %s (protection width %d)' % (widest_min, W))
print('cells placed exactly (lo = hi > 0): %d, the smallest %s (one of 1..%d would be listed as narrow too)' % (len(exact), min((e[4] for e in exact), default=None), T - 1))
for e in exact[:20]:
    print('  exact', e)
print('counts narrower than the protection width that may be small: %d' % len(narrow))
# The promise's exception: a count among all the values its label allows when the labels alone
# leave fewer (n counts shown <10 under a total shown <10). The labels alone: every published
# count is only 0 (when 0) or threshold and more, the relations as before (anonymize.Audit's
# givenUnknown). A narrow count whose interval is no narrower than that is the exception.
full = bounds
bounds = [b if b[0] != b[1] else ((0, 0) if b[0] == 0 else (T, None)) for b in full]
leak = 0
for e in sorted(narrow, key=lambda e: e[0]):
    w, n, labels, c, how, lo, hi = e
    i = [k for k in range(N) if info[k][:3] == (n, labels, c)][0]
    lo0, hi0 = solve(i, 1), solve(i, -1)
    w0 = float('inf') if hi0 is None else hi0 - lo0
    ok = w >= w0 - 1e-6
    leak += not ok
    print('  width %.3f %s %s %s (%s) in [%s, %s]; the labels alone: [%s, %s]: %s'
          % (w, n, labels, c, how, lo, hi, round(lo0, 3), None if hi0 is None else round(hi0, 3),
             'the exception (no narrower than the labels say)' if ok else 'NARROWER THAN THE LABELS SAY'))
print('counts narrower than both the protection width and the labels alone: %d (%.1f s in all)' % (leak, time.time() - t0))
