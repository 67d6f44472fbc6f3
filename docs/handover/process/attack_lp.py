# An attacker's LP over ONE release's case tables, built from the tables' layouts and notes
# alone (privacy-side-doors29), not from tables/relations.json's relations (release_lp.py uses
# those): the way anonymize.TestTablesAttack builds its own. The attacker's cells are the finest
# the case tables speak of: x[province, year, gender, minority] (minority: minor or not), with
#   cases-by-province-and-gender  = sums of x over years and minority (country rows and the
#                                   all-countries row the sums of their provinces);
#   cases-by-year-and-gender      = sums over provinces and minority (the all-years row);
#   cases-by-year                 = cases, female, male, minors of the year;
#   minors-by-year-and-gender     = minors' sums over provinces;
#   cases-by-province-and-year    = sums over gender and minority; a listed province's years
#                                   not listed are 0 (its note: its rows add up to its cases);
#   cases-by-age-and-gender       = its minor bands add up to the minors of each gender, the
#                                   others to the rest, cases = the genders' sum per row;
#   boys-/girls-by-province       = male/female minors of the province over the years (a province
#                                   not listed: 0, the attacker's guess, checked by feasibility),
#                                   each form's count at most the row's cases, and the forms'
#                                   sums over provinces = minors-by-form-and-gender's;
#   minors-by-form-and-gender     = each form's minors at most the gender's minors; their sum =
#                                   exploitation-by-age's minors = minors-by-exploitation;
#   exploitation-by-age           = cases = minors + adults + age_unknown per form.
# A published count is a constant, "<10" is 1..T-1, "x" is T or more (0 up when relations.json
# lists it as may_be_zero: a label, not a relation), x >= 0. For every withheld count and every
# x cell, min and max; each narrower than the protection width that may be small is solved again
# over the labels alone (every published count 0 when 0, else T or more), as release_lp.py does.
# With --all, also the other tables (privacy-side-doors33): the margins their notes state and
# the attacker's guesses of the outcome tables' layouts (curves, funnel), each kept only when
# the system stays feasible.
# Usage: /usr/bin/python3 attack_lp.py RELEASE [--all]   (Debian's python3-scipy, HiGHS)
import base64, json, os, sys, time
import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

d = sys.argv[1]
t0 = time.time()
man = json.load(open(os.path.join(d, 'manifest.json')))
T = man['tables']['threshold']
W = man['tables']['protection_width']
ts = {t['name']: t for t in json.load(open(os.path.join(d, 'tables', 'tables.json')))}
rel = json.load(open(os.path.join(d, 'tables', 'relations.json')))
order = {n: i for i, n in enumerate(rel['tables'])}
zero = set(tuple(x) for x in rel.get('may_be_zero', []))

bounds, info = [], []
def newvar(b, what):
    bounds.append(b)
    info.append(what)
    return len(bounds) - 1

cell = {}  # (table, labels tuple, column) -> variable
def tcell(n, labels, c):
    return cell.get((n, tuple(labels), c))
CORE = ('cases-by-province-and-gender', 'cases-by-year-and-gender', 'cases-by-year', 'minors-by-year-and-gender',
        'cases-by-province-and-year', 'cases-by-age-and-gender', 'boys-by-province', 'girls-by-province',
        'minors-by-form-and-gender', 'exploitation-by-age', 'minors-by-exploitation')
for n, t in ts.items():
    if n not in CORE and '--all' not in sys.argv:
        continue
    for ri, row in enumerate(t['rows']):
        st = base64.b64decode(row['state']) if row.get('state') else bytes(len(t['counts']))
        for ci, c in enumerate(t['counts']):
            v = row['values'][ci]
            if st[ci] == 0:
                b = (v, v)
            elif st[ci] == 1:
                b = (1, T - 1)
            elif (order.get(n), ri, ci) in zero or st[ci] == 4:
                b = (0, None)  # 4: Unrecorded (release.Unrecorded): unknown
            else:
                b = (T, None)
            cell[(n, tuple(row['labels']), c)] = newvar(b, (n, row['labels'], c, st[ci], v))

G = ['female', 'male', 'other_or_unknown']
M = ['minor', 'other']
pg = ts['cases-by-province-and-gender']
provs = [tuple(r['labels']) for r in pg['rows'] if r['labels'][1] not in ('all provinces', '')]
years = [r['labels'][0] for r in ts['cases-by-year-and-gender']['rows'] if r['labels'][0] != 'all years']
x = {}
for p in provs:
    for y in years:
        for g in G:
            for m in M:
                x[(p, y, g, m)] = newvar((0, None), ('x', [p[0], p[1], y], g + '_' + m, 9, None))
N = len(bounds)
eqs, les = [], []  # (plus, minus)
def eq(plus, minus):
    if all(v is not None for v in plus + minus):
        eqs.append((plus, minus))
def le(plus, minus):
    if all(v is not None for v in plus + minus):
        les.append((plus, minus))
X = lambda f: [v for k, v in x.items() if f(*k)]

# cases-by-province-and-gender
for p in provs:
    for g in G:
        eq([tcell('cases-by-province-and-gender', p, g)], X(lambda pp, y, gg, m: pp == p and gg == g))
    eq([tcell('cases-by-province-and-gender', p, 'cases')], [tcell('cases-by-province-and-gender', p, g) for g in G])
for r in pg['rows']:
    lab = tuple(r['labels'])
    for c in ['cases'] + G:
        if lab[1] == 'all provinces':
            eq([tcell(pg['name'], lab, c)], [tcell(pg['name'], p, c) for p in provs if p[0] == lab[0]])
        elif lab[0] == 'all countries':
            eq([tcell(pg['name'], lab, c)], [tcell(pg['name'], p, c) for p in provs])
# cases-by-year-and-gender, cases-by-year, minors-by-year-and-gender
yg = 'cases-by-year-and-gender'
for y in years:
    for g in G:
        eq([tcell(yg, [y], g)], X(lambda p, yy, gg, m: yy == y and gg == g))
    eq([tcell(yg, [y], 'cases')], [tcell(yg, [y], g) for g in G])
    eq([tcell('cases-by-year', [y], 'cases')], X(lambda p, yy, g, m: yy == y))
    for g in ('female', 'male'):
        eq([tcell('cases-by-year', [y], g)], X(lambda p, yy, gg, m: yy == y and gg == g))
    eq([tcell('cases-by-year', [y], 'minors')], X(lambda p, yy, g, m: yy == y and m == 'minor'))
    for g in G:
        eq([tcell('minors-by-year-and-gender', [y], g)], X(lambda p, yy, gg, m: yy == y and gg == g and m == 'minor'))
for c in ['cases'] + G:
    eq([tcell(yg, ['all years'], c)], [tcell(yg, [y], c) for y in years])
# cases-by-province-and-year
py = 'cases-by-province-and-year'
if py in ts:
    listed = {}
    for r in ts[py]['rows']:
        lab = r['labels']
        listed.setdefault((lab[0], lab[1]), set()).add(lab[2])
        eq([tcell(py, lab, 'cases')], X(lambda p, y, g, m: p == (lab[0], lab[1]) and y == lab[2]))
    for p, ys in listed.items():
        for y in years:
            if y not in ys:
                eq([], X(lambda pp, yy, g, m: pp == p and yy == y))
# cases-by-age-and-gender
ag = ts['cases-by-age-and-gender']
for g in G:
    eq([tcell(ag['name'], r['labels'], g) for r in ag['rows'] if r['labels'][0] == 'minor'], X(lambda p, y, gg, m: gg == g and m == 'minor'))
    eq([tcell(ag['name'], r['labels'], g) for r in ag['rows'] if r['labels'][0] not in ('minor', 'all ages')], X(lambda p, y, gg, m: gg == g and m == 'other'))
for r in ag['rows']:
    eq([tcell(ag['name'], r['labels'], 'cases')], [tcell(ag['name'], r['labels'], g) for g in G])
# boys and girls by province, forms
forms = {'sexual_exploitation': 'sexual exploitation', 'forced_labour': 'forced labour', 'forced_military': 'forced military service'}
for n, g in (('boys-by-province', 'male'), ('girls-by-province', 'female')):
    if n not in ts:
        continue
    rows = {tuple(r['labels']) for r in ts[n]['rows']}
    for p in provs:
        mine = X(lambda pp, y, gg, m: pp == p and gg == g and m == 'minor')
        if p in rows:
            eq([tcell(n, p, 'cases')], mine)
            for f in forms:
                le([tcell(n, p, f)], [tcell(n, p, 'cases')])
        else:
            eq([], mine)
    for f, fl in forms.items():
        eq([tcell(n, p, f) for p in provs if p in rows], [tcell('minors-by-form-and-gender', [fl], g)])
for r in ts['minors-by-form-and-gender']['rows']:
    fl = r['labels']
    for g in G:
        le([tcell('minors-by-form-and-gender', fl, g)], X(lambda p, y, gg, m: gg == g and m == 'minor'))
    eq([tcell('exploitation-by-age', fl, 'minors')], [tcell('minors-by-form-and-gender', fl, g) for g in G])
    eq([tcell('minors-by-exploitation', fl, 'cases')], [tcell('exploitation-by-age', fl, 'minors')])
    eq([tcell('exploitation-by-age', fl, 'cases')], [tcell('exploitation-by-age', fl, c) for c in ('minors', 'adults', 'age_unknown')])

# --all (privacy-side-doors33): the other tables too, each family of relations the attacker
# reads from a table's margins note or guesses from its layout; a guess that makes the system
# infeasible is wrong and dropped (printed), the others kept.
families = []
if '--all' in sys.argv:
    def rows(n):
        return [r['labels'] for r in ts[n]['rows']] if n in ts else []
    def fam(name, f):
        global eqs, les
        e0, l0 = list(eqs), list(les)
        f()
        families.append((name, e0, l0))
    allx = X(lambda p, y, g, m: True)
    def margins_cases():
        for n in ('cases-by-recruiter-relation', 'cases-by-form-recorded'):
            if n in ts:
                eq([tcell(n, l, 'cases') for l in rows(n)], allx)
        if 'labour-by-sector' in ts:
            eq([tcell('labour-by-sector', l, 'cases') for l in rows('labour-by-sector')], [tcell('exploitation-by-age', ['forced labour'], 'cases')])
    fam('margins: relation, form recorded, sector', margins_cases)
    def at_risk():
        n = 'at-risk-by-province'
        if n not in ts:
            return
        rs = rows(n)
        for l in rs:
            eq([tcell(n, l, 'at_risk')], [tcell(n, l, g) for g in G])
        for c in ['at_risk'] + G:
            eq([tcell(n, l, c) for l in rs if l[0] == 'all countries'], [tcell(n, l, c) for l in rs if l[0] != 'all countries'])
    fam('margins: at-risk-by-province', at_risk)
    def rowsum(n, total, parts):
        for l in rows(n):
            eq([tcell(n, l, total)], [tcell(n, l, c) for c in parts])
    fam('margins: follow-up, services', lambda: (rowsum('follow-up', 'children', ['yes', 'no', 'not_recorded']) if 'follow-up' in ts else None,
                                                 rowsum('services', 'people', ['implemented', 'not_implemented', 'not_recorded']) if 'services' in ts else None))
    def follow_same():  # guess: one measure's children are the other's at the same reintegration
        for l in rows('follow-up'):
            for l2 in rows('follow-up'):
                if l[1] == l2[1] and l[0] < l2[0]:
                    eq([tcell('follow-up', l, 'children')], [tcell('follow-up', l2, 'children')])
    fam('guess: follow-up measures share their children', follow_same)
    def any_service():  # guess: "any service" holds each service's people, at most their sum
        n = 'services'
        if n not in ts:
            return
        a = ['any service']
        rs = [l for l in rows(n) if l != a]
        for l in rs:
            le([tcell(n, l, 'people')], [tcell(n, a, 'people')])
        le([tcell(n, a, 'people')], [tcell(n, l, 'people') for l in rs])
    fam('guess: any service between the largest service and the sum', any_service)
    MONTHS = ['0 months', '3 months', '6 months', '12 months', '24 months']
    def curves(n, whole, cols):  # guess: the whole row is the sum of its groups; at risk falls, events rise
        if n not in ts:
            return
        groups = sorted({l[0] for l in rows(n)} - {whole})
        for mo in MONTHS:
            for c in cols:
                if whole is not None and groups and tcell(n, [whole, mo], c) is not None:
                    eq([tcell(n, [whole, mo], c)], [tcell(n, [g, mo], c) for g in groups])
        for g in groups + ([whole] if whole else []):
            for a, b in zip(MONTHS, MONTHS[1:]):
                le([tcell(n, [g, b], cols[0])], [tcell(n, [g, a], cols[0])])
                le([tcell(n, [g, a], cols[1])], [tcell(n, [g, b], cols[1])])
    fam('guess: length-of-stay provinces add up, at risk falls, exits rise', lambda: curves('length-of-stay', 'all provinces', ['at_risk', 'exits']))
    fam('guess: re-trafficking routes add up, at risk falls, events rise', lambda: curves('re-trafficking', 'all routes', ['at_risk', 'events']))
    fam('guess: re-trafficking-or-return routes add up, at risk falls, events rise', lambda: curves('re-trafficking-or-return', 'all routes', ['at_risk', 'events']))
    def reint():  # guess: each exit's curve has the same at risk; exits rise
        n = 'reintegration'
        if n not in ts:
            return
        curves(n, None, ['at_risk', 'exits'])
        ex = sorted({l[0] for l in rows(n)})
        for mo in MONTHS:
            for e in ex[1:]:
                eq([tcell(n, [ex[0], mo], 'at_risk')], [tcell(n, [e, mo], 'at_risk')])
    fam('guess: reintegration exits share their at risk', reint)
    def funnel():  # the note's stages narrow; guesses: all years the sum of the years, disposed =
        # convicted + acquitted, pending the complaints not disposed, withdrawn or discharged; the two
        # rates' rows print their denominators (convicted + acquitted, complaints)
        n = 'justice-funnel'
        if n not in ts:
            return
        yrs = sorted({l[0] for l in rows(n)} - {'all years'})
        steps = sorted({l[1] for l in rows(n)})
        c = lambda y, st: tcell(n, [y, st], 'legal_cases')
        for st in steps:
            eq([c('all years', st)], [c(y, st) for y in yrs])
        done = 'conviction rate over completed trials (convicted / convicted or acquitted)'
        reg = 'conviction rate over cases registered (convicted / complaints registered)'
        for y in yrs + ['all years']:
            chain = ['complaint', 'arrest', 'charge sheet', 'trial', 'disposed']
            for a, b in zip(chain, chain[1:]):
                le([c(y, b)], [c(y, a)])
            eq([c(y, 'disposed')], [c(y, 'convicted'), c(y, 'acquitted')])
            eq([c(y, 'complaint')], [c(y, o) for o in ('pending', 'disposed', 'withdrawn', 'discharged')])
            eq([c(y, done)], [c(y, 'convicted'), c(y, 'acquitted')])
            eq([c(y, reg)], [c(y, 'complaint')])
    fam('guess: justice funnel years add up, stages narrow, disposed and pending', funnel)

def mat(rs):
    A = lil_matrix((max(1, len(rs)), N))
    for k, (plus, minus) in enumerate(rs):
        for v in plus:
            A[k, v] += 1
        for v in minus:
            A[k, v] -= 1
    return A.tocsr()
Aeq, Ale = mat(eqs), mat(les)
beq, ble = np.zeros(Aeq.shape[0]), np.zeros(Ale.shape[0])
# Each family in turn, last first: while the system is infeasible, drop the last family added
# that makes it so (its guess of the layout is wrong).
def feasible():
    return linprog(np.zeros(N), A_ub=mat(les), b_ub=np.zeros(mat(les).shape[0]), A_eq=mat(eqs), b_eq=np.zeros(mat(eqs).shape[0]), bounds=bounds, method='highs').status == 0
if families:
    full_e, full_l = list(eqs), list(les)
    bounds_e = [len(e0) for _, e0, _ in families] + [len(full_e)]
    bounds_l = [len(l0) for _, _, l0 in families] + [len(full_l)]
    keep_e, keep_l = full_e[:bounds_e[0]], full_l[:bounds_l[0]]
    for k, (name, _, _) in enumerate(families):
        eqs, les = keep_e + full_e[bounds_e[k]:bounds_e[k + 1]], keep_l + full_l[bounds_l[k]:bounds_l[k + 1]]
        ok = feasible()
        print('family %s: %d equalities, %d inequalities: %s' % (name, bounds_e[k + 1] - bounds_e[k], bounds_l[k + 1] - bounds_l[k],
                                                               'kept' if ok else 'INFEASIBLE, dropped (a wrong guess)'))
        if ok:
            keep_e, keep_l = eqs, les
    eqs, les = keep_e, keep_l
    Aeq, Ale = mat(eqs), mat(les)
    beq, ble = np.zeros(Aeq.shape[0]), np.zeros(Ale.shape[0])

def solve(i, sign, b):
    c = np.zeros(N)
    c[i] = sign
    r = linprog(c, A_ub=Ale, b_ub=ble, A_eq=Aeq, b_eq=beq, bounds=b, method='highs')
    if r.status == 3:
        return None
    if r.status != 0:
        raise SystemExit('LP status %d for %s' % (r.status, info[i]))
    return sign * r.fun

f = linprog(np.zeros(N), A_ub=Ale, b_ub=ble, A_eq=Aeq, b_eq=beq, bounds=bounds, method='highs')
print('variables %d (%d x cells over %d provinces, %d years), equalities %d, inequalities %d, feasible %s'
      % (N, len(x), len(provs), len(years), len(eqs), len(les), f.status == 0))
if f.status != 0:
    raise SystemExit('the attacker\'s relations do not hold: a guess of the layout is wrong')
labels_alone = [b if b[0] != b[1] else ((0, 0) if b[0] == 0 else (T, None)) for b in bounds]
narrow, n1, n2, nh, lps = [], 0, 0, 0, 0
widest = None
for i in range(N):
    if bounds[i][0] == bounds[i][1]:
        continue
    n, labels, c, st, v = info[i]
    lo, hi = solve(i, 1, bounds), solve(i, -1, bounds)
    lps += 2
    lo = round(lo, 6)
    hi = None if hi is None else round(hi, 6)
    w = float('inf') if hi is None else hi - lo
    small = st == 1 or (st == 9 and hi is not None and hi >= 1 and lo <= T - 1)
    if st == 1:
        n1 += 1
        widest = w if widest is None else min(widest, w)
    elif st == 2:
        n2 += 1
    else:
        nh += 1
    if w < W and (small or st == 2):
        narrow.append((w, i, lo, hi))
print('withheld solved: %d shown <10, %d shown x, %d x cells; %d LPs in %.1f s' % (n1, n2, nh, lps, time.time() - t0))
print('narrowest interval of a count shown <10: %s (protection width %d)' % (widest, W))
print('narrower than the protection width: %d' % len(narrow))
leak = 0
for w, i, lo, hi in sorted(narrow):
    lo0, hi0 = solve(i, 1, labels_alone), solve(i, -1, labels_alone)
    w0 = float('inf') if hi0 is None else hi0 - lo0
    ok = w >= w0 - 1e-6
    leak += not ok
    n, labels, c, st, v = info[i]
    print('  width %.3f %s %s %s (state %d) in [%s, %s]; the labels alone: [%s, %s]: %s'
          % (w, n, labels, c, st, lo, hi, round(lo0, 3), None if hi0 is None else round(hi0, 3),
             'the exception' if ok else 'NARROWER THAN THE LABELS SAY'))
print('narrower than both the protection width and the labels alone: %d (%.1f s in all)' % (leak, time.time() - t0))
