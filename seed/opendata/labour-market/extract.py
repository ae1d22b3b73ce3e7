#!/usr/bin/env python3
"""Builds this folder's extracts from the published files (python3, standard library only).

usage: extract.py SRC   (SRC: a copy of the labour-market folder, with its SHA256SUMS)

Each extract keeps the columns careergraph reads, as UTF-8 CSV (`;`, quoted where
needed), rows in the source's order; README.md says which file each comes from.
Run it again on the same sources: the output is byte for byte the same.
"""
import csv, hashlib, io, os, re, sys, zipfile
import xml.etree.ElementTree as ET

SRC = sys.argv[1]
OUT = os.path.dirname(os.path.abspath(__file__))
sums = {}
for line in open(os.path.join(SRC, 'SHA256SUMS')):
    h, n = line.split(None, 1)
    sums[n.strip().lstrip('*').removeprefix('./')] = h


def raw(path):
    b = open(os.path.join(SRC, path), 'rb').read()
    if hashlib.sha256(b).hexdigest() != sums[path]:
        sys.exit(f'{path}: SHA-256 differs from SHA256SUMS')
    return b


def rows(path, enc, delim=';'):
    text = raw(path).decode(enc).removeprefix('\ufeff')
    return list(csv.DictReader(io.StringIO(text, newline=''), delimiter=delim))


def write(name, header, data):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, delimiter=';', lineterminator='\n')
        w.writerow(header)
        for r in data:
            w.writerow([re.sub(r'\s+', ' ', (v or '')).strip() for v in r])


def xlsx(path, sheet):
    z = zipfile.ZipFile(io.BytesIO(raw(path)))
    ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
            shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    rid = [s.get('{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id')
           for s in wb.find('m:sheets', ns) if s.get('name') == sheet][0]
    target = [r.get('Target') for r in rels if r.get('Id') == rid][0]
    data = ET.fromstring(z.read('xl/' + target.removeprefix('/xl/')))
    out = []
    for row in data.iter('{%s}row' % ns['m']):
        cells = {}
        for c in row.findall('m:c', ns):
            col = re.match(r'[A-Z]+', c.get('r')).group()
            v = c.find('m:v', ns)
            if c.get('t') == 's':
                val = shared[int(v.text)]
            elif c.get('t') == 'inlineStr':
                val = ''.join(t.text or '' for t in c.iter('{%s}t' % ns['m']))
            else:
                val = v.text if v is not None else ''
            cells[col] = val
        out.append(cells)
    head = out[0]
    cols = sorted(head, key=lambda k: (len(k), k))
    return [{head[k]: r.get(k, '') for k in cols} for r in out[1:]]


def num(v):  # xlsx numbers come as "123" or "123.0"
    return v[:-2] if v.endswith('.0') else v


# France compétences RNCP export 2026-02-01 (Licence Ouverte 2.0)
fc = 'francecompetences-rncp-20260201/export_fiches_CSV_'
rome = rows(fc + 'Rome_2026_02_01.csv', 'utf-8')
write('rncp_rome.csv', ['rncp', 'rome'], [(r['Numero_Fiche'], r['Codes_Rome_Code']) for r in rome])
write('rncp_successors.csv', ['rncp', 'successor'],
      [(r['Numero_Fiche'], r['Nouvelle_Certification']) for r in rows(fc + 'Ancienne_Nouvelle_Certification_2026_02_01.csv', 'utf-8') if r['Nouvelle_Certification']])
linked = {r['Numero_Fiche'] for r in rome}
rncp = lambda v: (v if v.startswith('RNCP') else 'RNCP' + v) if v else ''  # only certifications the ROME file links are kept
write('rncp_certifiers.csv', ['rncp', 'certifier'],
      [(r['Numero_Fiche'], r['Nom_Certificateur']) for r in rows(fc + 'Certificateurs_2026_02_01.csv', 'utf-8') if r['Numero_Fiche'] in linked])
# Certif Info 01/01/2025 is not extracted: its licence is not stated where it was copied from (README.md).
# Mission apprentissage rncp_info v1.4 (France compétences data of 2021-02)
write('rncp_info_2021.csv', ['rncp', 'title', 'type', 'eu_level', 'active', 'end'],
      [(r['CodeRNCP'], r['intituleDiplome'], r['TypeCertif'], r['NiveauEurope'].removeprefix('niveau'), r['ActiveInactive'], r['date_fin_validite_enregistrement'])
       for r in rows('mna-rncp-info-2021/rncp_info.v1.4.csv', 'cp1252') if rncp(r['CodeRNCP']) in linked])
# Éducation nationale, diplômes professionnels (Licence Ouverte 2.0)
write('menj_diplomes.csv', ['rncp', 'diploma', 'speciality', 'level', 'last_session'],
      [(r['Code RNCP'], r['Diplôme'], r['Intitulé de la spécialité (et options)'], r['Niveau'].removeprefix('Niveau '), r['Dernière session'])
       for r in rows('menj-diplomes-professionnels/diplomesProfessionnels.csv', 'utf-8') if rncp(r['Code RNCP']) in linked])
# Onisep Idéo-Formations initiales 2022 (ODbL)
write('onisep_formations.csv', ['rncp', 'title', 'type', 'duration', 'eu_level'],
      [(r['code RNCP'], r['libellé formation principal'], r['libellé type formation'], r['durée'],
        re.sub(r'^niveau (\d) .*', r'\1', r['libellé niveau RNCP']))
       for r in rows('onisep-ideo-formations-2022/ideo-formations_initiales_en_france.csv', 'utf-8') if rncp(r['code RNCP']) in linked])
# DARES portraits statistiques des métiers (GPL-3.0 as its repository states)
pd = 'dares-portraits-statistiques-metiers/'
write('dares_fap2009_rome.csv', ['fap', 'rome'],
      [(r['Fap'], r['Rome']) for r in rows(pd + 'fap225_rome.csv', 'cp1252') if r['Rome'] and r['Rome'] != 'NA'])
write('dares_salary.csv', ['fap', 'years', 'median_net_monthly'],
      [(r['Fap3'], r['Annee'], r['Salaire_median']) for r in rows(pd + 'salaire_median_3niv.csv', 'utf-8', ',')])
labels = {}
for r in rows('dares-portraits-statistiques-metiers-labels/dares_salaire_median.csv', 'cp1252'):
    labels.setdefault(r['Code Fap'], r['Libellé de la famille professionnelle'])
write('dares_fap2009_labels.csv', ['fap', 'label'], sorted(labels.items()))
write('dares_tension.csv', ['fap', 'year', 'tension', 'category', 'hiring_intensity', 'training_link', 'labour_shortage', 'non_durability', 'conditions', 'geographic_mismatch'],
      [(r['fap'], r['Année'], r['Tension '], num(r['Catégorie Tension']), num(r["Intensité d'embauches"]), num(r['Lien formation-emploi']),
        num(r['Manque de main-d\'œuvre disponible']), num(r['Non-durabilité de l\'emploi']), num(r['Conditions de travail contraignantes']), num(r['Inadéquation géographique']))
       for r in rows(pd + 'tensions.csv', 'utf-8', ',') if r['niveau_geo'] == 'nat'])
# DARES FAP-2021: ROME x qualification -> FAP341, and FAP341 -> FAP228
write('dares_fap2021_rome.csv', ['rome', 'qualif', 'fap341'],
      [(r['ROME'], r['Qualif'], r['FAP341']) for r in rows('dares-fap2021/Dares_Table_passage_ROME_Qualif_to_FAP2021_pour_programme.csv', 'cp1252')])
tree = xlsx('dares-fap2021/Dares_Arborescence_FAP2021.xlsx', 'niveaux_emboités')
write('dares_fap2021_tree.csv', ['fap341', 'fap228', 'fap228_label'], [(r['Code_FAP341'], r['Code_FAP228'], r['Intitulé_FAP228']) for r in tree])
# France Travail BMO 2025, one row per employment area x métier
bmo = xlsx('francetravail-bmo-2025/bmo_recrutement_2025.xlsx', 'BMO_2025_open_data')
write('bmo_2025.csv', ['fap228', 'label', 'dept', 'dept_name', 'area', 'area_name', 'projects', 'difficult', 'seasonal'],
      [(r['Code métier BMO'], r['Nom métier BMO'], r['Dept'], r['NomDept'], r['BE25'], r['NOMBE25'], num(r['met']), num(r['xmet']), num(r['smet'])) for r in bmo])
