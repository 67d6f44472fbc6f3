# Joint LP over two published folders (A, B): min/max of chosen cells of B (the coordinator's scratch
# tool of session zb, after attack-2026-12-03g's tools/lp.py; /usr/bin/python3 with Debian's scipy).
# Usage: [HID=1] [EXCL=table,...] [T=table:label] [C=1] python3 joint_lp.py A B
import json, base64, sys, os
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

def load(d, off):
    ts = json.load(open(os.path.join(d, 'tables', 'tables.json')))
    rel = json.load(open(os.path.join(d, 'tables', 'relations.json')))
    names = rel['tables']
    shape = {}
    cells = {}  # (ti,ri,ci) -> (state, value)
    byname = {t['name']: t for t in ts}
    hid = {h['name']: h for h in rel['hidden']}
    for ti, n in enumerate(names):
        if n in byname:
            t = byname[n]
            for ri, row in enumerate(t['rows']):
                st = base64.b64decode(row['state']) if row.get('state') else bytes(len(t['counts']))
                for ci in range(len(t['counts'])):
                    cells[(ti, ri, ci)] = (st[ci], row['values'][ci] if row['values'][ci] is not None else 0)
        else:
            h = hid[n]
            for ri in range(len(h['rows'])):
                for ci in range(len(h['counts'])):
                    cells[(ti, ri, ci)] = (9, 0)
    return names, byname, hid, rel, cells

LO1 = int(os.environ.get('LO1', '0'))
A, B = sys.argv[1], sys.argv[2]
mono = os.environ.get('MONO', 'cases-,boys-,girls-,minors-,exploitation-by-age,at-risk,labour-by-sector,non-minors,other-minors').split(',')
var = {}
bounds = []
def v(rel_id, key, st_val):
    k = (rel_id,) + key
    if k not in var:
        st, val = st_val
        var[k] = len(bounds)
        if st == 0: bounds.append((val, val))
        elif st == 1: bounds.append((LO1, 9))
        else: bounds.append((0, None))
    return var[k]
rows_eq, rows_le = [], []
for rid, d in ((0, A), (1, B)):
    names, byname, hid, rel, cells = load(d, 0)
    zero = set(tuple(x) for x in rel.get('may_be_zero', []))
    for key, sv in cells.items():
        i = v(rid, key, sv)
        if key in zero and sv[0] != 0: bounds[i] = (0, 9)
    for e in rel['equal']:
        rows_eq.append(([var[(rid,)+tuple(x)] for x in e['left']], [var[(rid,)+tuple(x)] for x in e['right']]))
    for e in rel['at_most']:
        rows_le.append(([var[(rid,)+tuple(x)] for x in e['left']], [var[(rid,)+tuple(x)] for x in e['right']]))
    if rid == 0: nA, bnA = names, byname
    else: nB, bnB = names, byname
# growth: B >= A for mono tables, matched by name, labels, count (hidden ones too)
def hidden_as_tables(d):
    rel = json.load(open(os.path.join(d, 'tables', 'relations.json')))
    return {h['name']: {'counts': h['counts'], 'rows': [{'labels': r} for r in h['rows']]} for h in rel['hidden']}
if os.environ.get('HID', '1') == '1':
    bnA = dict(bnA); bnA.update(hidden_as_tables(A))
    bnB = dict(bnB); bnB.update(hidden_as_tables(B))
for n, ta in bnA.items():
    if not any(n.startswith(p) for p in mono) or n not in bnB or n in os.environ.get('EXCL','').split(','): continue
    tb = bnB[n]
    if ta['counts'] != tb['counts']: continue
    tia, tib = nA.index(n), nB.index(n)
    rb = {tuple(r['labels']): i for i, r in enumerate(tb['rows'])}
    for ria, r in enumerate(ta['rows']):
        rib = rb.get(tuple(r['labels']))
        if rib is None: continue
        for ci in range(len(ta['counts'])):
            rows_le.append(([var[(0, tia, ria, ci)]], [var[(1, tib, rib, ci)]]))
N = len(bounds)
def mat(rs):
    M = lil_matrix((len(rs), N))
    for k, (l, r) in enumerate(rs):
        for i in l: M[k, i] += 1
        for i in r: M[k, i] -= 1
    return M.tocsr()
Aeq, Ale = mat(rows_eq), mat(rows_le)
target = os.environ.get('T', 'cases-by-province-and-gender:AF-NAN')
tn, lab = target.split(':')
tb = bnB[tn]; tib = nB.index(tn)
for ri, r in enumerate(tb['rows']):
    if lab not in r['labels'] or (os.environ.get('C') and r['labels'][-1] != lab): continue
    for ci, c in enumerate(tb['counts']):
        i = var[(1, tib, ri, ci)]
        cvec = np.zeros(N); cvec[i] = 1
        lo = linprog(cvec, A_ub=Ale, b_ub=np.zeros(Ale.shape[0]), A_eq=Aeq, b_eq=np.zeros(Aeq.shape[0]), bounds=bounds, method='highs')
        hi = linprog(-cvec, A_ub=Ale, b_ub=np.zeros(Ale.shape[0]), A_eq=Aeq, b_eq=np.zeros(Aeq.shape[0]), bounds=bounds, method='highs')
        print(tn, r['labels'], c, lo.status, round(lo.fun, 3) if lo.status == 0 else None, round(-hi.fun, 3) if hi.status == 0 else None)
