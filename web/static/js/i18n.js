// The page's own words in French (the default) and English. Labels that
// come with the data (trends, years, categories, training kinds) are asked
// of the API in the same language; names are as their sources write them.

const words = {
  fr: {
    title: 'Explorateur des métiers',
    tagline: 'Les métiers, leurs compétences, leurs formations et les passerelles entre eux, tirés du guide, de ROME 4.0 et d’ESCO.',
    searchLabel: 'Chercher un métier, un intitulé, une compétence ou une formation',
    searchPlaceholder: 'Métier, intitulé, compétence…',
    navRole: 'Métier', navRoutes: 'Parcours', navExplore: 'Explorer',
    langSwitch: 'English', langSwitchLabel: 'Switch to English',
    loading: 'Chargement…',
    homeLead: 'Par où commencer ?',
    homeGuide: 'La fiche Développeur Back-End du guide',
    homeRoute: 'Le parcours de Data engineer à Staff Engineer',
    homeExplore: 'Les métiers carrefours du graphe',
    kinds: { ROLE: 'Métier', JOB_TITLE: 'Intitulé', SKILL: 'Compétence', TRAINING: 'Formation', GROUP: 'Famille' },
    noHits: 'Aucun résultat',
    startingSalary: 'Salaire de départ', typicalTraining: 'Formation type', remoteWork: 'Télétravail', market: 'Marché',
    remoteOf: (p) => `${p} % des offres`,
    whatDoes: (n) => `Que fait exactement un·e ${n} ?`,
    insight: 'Ce qu’il faut vraiment comprendre',
    trainings: 'Les formations, par reconnaissance du marché',
    skills: 'Les compétences à construire',
    essential: 'essentielle', optional: 'optionnelle',
    moreSkills: (n) => `et ${n} de plus`,
    employers: 'Les employeurs qui recrutent le plus',
    titles: 'Les intitulés à chercher',
    rareTitle: 'peu usité',
    levels: 'Niveaux et salaires',
    salaryChart: 'Progression des salaires (k€ brut par an)',
    nextSteps: 'Les évolutions les plus courantes',
    changers: 'Reconversion : d’où viennent ceux qui réussissent',
    changeCommon: 'La reconversion vers ce métier est courante.',
    advice: 'Le conseil qui fait la différence',
    sources: 'Sources', updatedOn: (d) => `Dernière mise à jour : ${d}`,
    sourceKinds: { MARKET_DATA: 'Données de marché', EDITORIAL: 'Rédaction', TAXONOMY: 'Référentiel', RESEARCH: 'Recherche' },
    equivalents: 'Le même métier ailleurs',
    definition: 'Définition', access: 'Accès au métier', workContexts: 'Contextes de travail (ROME)',
    romeSectors: 'Secteurs d’activité (ROME)', principal: 'principal', naf: 'Divisions NAF',
    mcc: 'Mapping Career Causeways (Nesta)',
    romeProfile: 'Profil du métier (ROME)',
    flags: { executive: 'Emploi cadre', regulated: 'Métier réglementé (diplôme ou autorisation exigés)', digital: 'Métier de la transition numérique', demographic: 'Métier de la transition démographique', ecological: 'Transition écologique' },
    riasec: 'Intérêts professionnels (RIASEC)', riasecMajor: 'dominant', riasecMinor: 'secondaire',
    riasecNames: { R: 'Réaliste', I: 'Investigateur', A: 'Artistique', S: 'Social', E: 'Entreprenant', C: 'Conventionnel' },
    romeProfileNote: 'Selon la fiche ROME de France Travail.',
    notFoundTitle: 'Métier introuvable', errorTitle: 'Une erreur est survenue',
    skip: 'Aller au contenu',
    jobZone: 'Zone d’emploi O*NET', earnings: 'Revenus annuels', risk: 'Risque d’automatisation', sector: 'Secteur',
    noneKnown: 'Le graphe ne connaît pas encore ces informations pour ce métier.',
    routeHere: 'Trouver un parcours vers ce métier', exploreHere: 'Explorer autour de ce métier',
    routesTitle: 'Trouver un parcours',
    fromRole: 'Depuis un métier', fromSkills: 'Depuis mes compétences',
    fromLabel: 'Métier de départ', skillsLabel: 'Mes compétences', toLabel: 'Métier visé', avoidLabel: 'Métiers à éviter',
    pickRole: 'Chercher un métier…', pickSkill: 'Ajouter une compétence…',
    optimize: 'Optimiser', opt: { STEPS: 'Étapes', YEARS: 'Années', EFFORT: 'Effort d’apprentissage' },
    kLabel: 'Nombre de parcours', maxSteps: 'Étapes au plus', viableOnly: 'Passerelles viables seulement (Nesta)',
    search: 'Chercher', remove: (n) => `Retirer ${n}`,
    route: (i) => `Parcours ${i}`,
    cost: { steps: 'étapes', years: 'ans', effort: 'effort' },
    nSteps: (n) => `${n} ${n === 1 ? 'étape' : 'étapes'}`,
    estimated: 'estimé',
    step: 'Étape', enterFromSkills: 'Premier poste, depuis vos compétences',
    toAcquire: 'À acquérir', trainingsFor: 'Formations',
    noRoute: 'Aucun parcours ne mène à ce métier avec ces réglages. Essayez plus d’étapes, ou sans « viables seulement ».',
    needEnds: 'Choisissez un point de départ et un métier visé.',
    gapTitle: (n) => `Ce qui vous manque pour ${n}`,
    coverage: (p) => `Vous couvrez ${p} % des compétences du métier.`,
    missingEssential: 'Essentielles manquantes', missingOptional: 'Optionnelles manquantes',
    exploreTitle: 'Explorer le graphe',
    neighbourhood: 'Voisinage', expandHint: 'Cliquez sur un métier du graphe pour déplier ses voisins ; les listes en dessous donnent les mêmes liens.',
    legend: { center: 'métier choisi', move: 'métier relié par une passerelle (flèche)', similar: 'métier proche par les compétences (pointillés)' },
    recentre: (n) => `Centrer le voisinage sur ${n}`,
    transitionsOut: 'Vers', transitionsIn: 'Depuis', similar: 'Métiers proches',
    viable: 'viable', desirable: 'souhaitable',
    reachable: 'Métiers atteignables', withinSteps: 'en au plus', stepsUnit: 'étapes', withinYears: 'et au plus', yearsUnit: 'ans',
    reachCount: (n) => `${n} métiers atteignables`,
    hubs: 'Métiers carrefours', hubsIn: 'Les plus rejoints', hubsOut: 'Les plus quittés', hubsBetween: 'Les plus traversés',
    hubUnits: { in: (n) => `${n} passerelles entrantes`, out: (n) => `${n} passerelles sortantes`, between: (n) => `sur ${n} plus courts chemins` },
    hubsNote: 'Passerelles : toutes les transitions du graphe (évolutions, reconversions, mobilités ROME, équivalences). « Les plus traversés » compte les plus courts chemins entre deux autres métiers qui passent par celui-ci.',
    trees: 'Classifications', treeRome: 'ROME (domaines)', treeIsco: 'ISCO-08 (familles)',
    rolesInGroup: (n) => `${n} métiers`,
    graphSize: 'Taille du graphe',
    counts: { Role: 'Métiers', Level: 'Niveaux', Skill: 'Compétences', Training: 'Formations', Employer: 'Employeurs', Source: 'Sources', Group: 'Familles et domaines', NEXT_STEP: 'Évolutions', CAREER_CHANGE: 'Reconversions', MOBILITY: 'Mobilités', EQUIVALENT: 'Équivalences', ROME_MOBILITY: 'Mobilités ROME' },
    pickToExplore: 'Choisissez un métier pour voir son voisinage.',
    errors: {
      NOT_FOUND: 'Ce métier n’existe pas dans le graphe. Cherchez-le par son nom ci-dessus.',
      UNAVAILABLE: 'Le serveur est indisponible pour le moment. Réessayez dans un instant.',
      NETWORK: 'Impossible de joindre le serveur. Vérifiez votre connexion, puis réessayez.',
      RATE_LIMITED: (s) => `Trop de demandes d’un coup. Réessayez dans ${s || 'quelques'} secondes.`,
      BAD_USER_INPUT: 'Cette demande n’est pas valide : ',
      other: 'Quelque chose n’a pas marché. Réessayez, ou signalez-le si cela continue.',
    },
    retry: 'Réessayer',
    kindsT: { NEXT_STEP: 'évolution', CAREER_CHANGE: 'reconversion', MOBILITY: 'mobilité', EQUIVALENT: 'équivalent', ROME_MOBILITY: 'mobilité ROME' },
  },
  en: {
    title: 'Career explorer',
    tagline: 'Roles, their skills, their trainings and the moves between them, from the guide, ROME 4.0 and ESCO.',
    searchLabel: 'Search a role, a job title, a skill or a training',
    searchPlaceholder: 'Role, job title, skill…',
    navRole: 'Role', navRoutes: 'Routes', navExplore: 'Explore',
    langSwitch: 'Français', langSwitchLabel: 'Passer en français',
    loading: 'Loading…',
    homeLead: 'Where to start?',
    homeGuide: 'The guide’s Développeur Back-End page',
    homeRoute: 'The route from Data engineer to Staff Engineer',
    homeExplore: 'The hub roles of the graph',
    kinds: { ROLE: 'Role', JOB_TITLE: 'Job title', SKILL: 'Skill', TRAINING: 'Training', GROUP: 'Family' },
    noHits: 'No match',
    startingSalary: 'Starting salary', typicalTraining: 'Typical training', remoteWork: 'Remote work', market: 'Market',
    remoteOf: (p) => `${p}% of jobs`,
    whatDoes: (n) => `What exactly does a ${n} do?`,
    insight: 'What you really need to understand',
    trainings: 'Trainings, ranked by market recognition',
    skills: 'The skills to build',
    essential: 'essential', optional: 'optional',
    moreSkills: (n) => `and ${n} more`,
    employers: 'The employers hiring the most',
    titles: 'The job titles to search for',
    rareTitle: 'seldom used',
    levels: 'Levels and salaries',
    salaryChart: 'Salary progression (k€ gross per year)',
    nextSteps: 'The most common next steps',
    changers: 'Career change: where successful changers come from',
    changeCommon: 'Career change into this job is common.',
    advice: 'The advice that makes the difference',
    sources: 'Sources', updatedOn: (d) => `Last updated: ${d}`,
    sourceKinds: { MARKET_DATA: 'Market data', EDITORIAL: 'Editorial', TAXONOMY: 'Taxonomy', RESEARCH: 'Research' },
    equivalents: 'The same job elsewhere',
    definition: 'Definition', access: 'Getting in', workContexts: 'Work contexts (ROME, in French)',
    romeSectors: 'Activity sectors (ROME, in French)', principal: 'principal', naf: 'NAF divisions',
    mcc: 'Mapping Career Causeways (Nesta)',
    romeProfile: 'Role profile (ROME)',
    flags: { executive: 'Executive position', regulated: 'Regulated job (diploma or licence required)', digital: 'Job of the digital transition', demographic: 'Job of the demographic transition', ecological: 'Ecological transition' },
    riasec: 'Vocational interests (RIASEC)', riasecMajor: 'major', riasecMinor: 'minor',
    riasecNames: { R: 'Realistic', I: 'Investigative', A: 'Artistic', S: 'Social', E: 'Enterprising', C: 'Conventional' },
    romeProfileNote: 'From France Travail’s ROME fiche.',
    notFoundTitle: 'Role not found', errorTitle: 'Something went wrong',
    skip: 'Skip to content',
    jobZone: 'O*NET job zone', earnings: 'Annual earnings', risk: 'Automation risk', sector: 'Sector',
    noneKnown: 'The graph does not know this for this role yet.',
    routeHere: 'Find a route to this role', exploreHere: 'Explore around this role',
    routesTitle: 'Find a route',
    fromRole: 'From a role', fromSkills: 'From my skills',
    fromLabel: 'Starting role', skillsLabel: 'My skills', toLabel: 'Target role', avoidLabel: 'Roles to avoid',
    pickRole: 'Search a role…', pickSkill: 'Add a skill…',
    optimize: 'Optimise', opt: { STEPS: 'Steps', YEARS: 'Years', EFFORT: 'Learning effort' },
    kLabel: 'Number of routes', maxSteps: 'Max. steps', viableOnly: 'Viable moves only (Nesta)',
    search: 'Search', remove: (n) => `Remove ${n}`,
    route: (i) => `Route ${i}`,
    cost: { steps: 'steps', years: 'years', effort: 'effort' },
    nSteps: (n) => `${n} ${n === 1 ? 'step' : 'steps'}`,
    estimated: 'estimated',
    step: 'Step', enterFromSkills: 'First job, from your skills',
    toAcquire: 'To acquire', trainingsFor: 'Trainings',
    noRoute: 'No route leads to this role with these settings. Try more steps, or without “viable only”.',
    needEnds: 'Choose a starting point and a target role.',
    gapTitle: (n) => `What you lack for ${n}`,
    coverage: (p) => `You cover ${p}% of the role’s skills.`,
    missingEssential: 'Missing essential skills', missingOptional: 'Missing optional skills',
    exploreTitle: 'Explore the graph',
    neighbourhood: 'Neighbourhood', expandHint: 'Click a role in the graph to expand its neighbours; the lists below give the same links.',
    legend: { center: 'chosen role', move: 'role joined by a move (arrow)', similar: 'role similar by skills (dashed)' },
    recentre: (n) => `Centre the neighbourhood on ${n}`,
    transitionsOut: 'To', transitionsIn: 'From', similar: 'Similar roles',
    viable: 'viable', desirable: 'desirable',
    reachable: 'Reachable roles', withinSteps: 'within', stepsUnit: 'steps', withinYears: 'and at most', yearsUnit: 'years',
    reachCount: (n) => `${n} reachable roles`,
    hubs: 'Hub roles', hubsIn: 'Most entered', hubsOut: 'Most left', hubsBetween: 'Most crossed',
    hubUnits: { in: (n) => `${n} moves in`, out: (n) => `${n} moves out`, between: (n) => `on ${n} shortest paths` },
    hubsNote: 'Moves: every transition of the graph (next steps, career changes, ROME mobilities, equivalences). “Most crossed” counts the shortest paths between two other roles that pass through this one.',
    trees: 'Classifications', treeRome: 'ROME (domains)', treeIsco: 'ISCO-08 (families)',
    rolesInGroup: (n) => `${n} roles`,
    graphSize: 'Graph size',
    counts: { Role: 'Roles', Level: 'Levels', Skill: 'Skills', Training: 'Trainings', Employer: 'Employers', Source: 'Sources', Group: 'Families and domains', NEXT_STEP: 'Next steps', CAREER_CHANGE: 'Career changes', MOBILITY: 'Mobilities', EQUIVALENT: 'Equivalences', ROME_MOBILITY: 'ROME mobilities' },
    pickToExplore: 'Choose a role to see its neighbourhood.',
    errors: {
      NOT_FOUND: 'This role is not in the graph. Search for it by name above.',
      UNAVAILABLE: 'The server is unavailable right now. Try again in a moment.',
      NETWORK: 'The server cannot be reached. Check your connection, then try again.',
      RATE_LIMITED: (s) => `Too many requests at once. Try again in ${s || 'a few'} seconds.`,
      BAD_USER_INPUT: 'This request is not valid: ',
      other: 'Something went wrong. Try again, or report it if it keeps happening.',
    },
    retry: 'Try again',
    kindsT: { NEXT_STEP: 'next step', CAREER_CHANGE: 'career change', MOBILITY: 'mobility', EQUIVALENT: 'equivalent', ROME_MOBILITY: 'ROME mobility' },
  },
};

// colon is what follows a label: « : » in French, ": " in English.
export function colon(lang) {
  return lang === 'fr' ? '\u00a0: ' : ': ';
}

// longDate prints an ISO date as a person reads it: 16 avril 2026.
export function longDate(lang, iso) {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(`${iso}T00:00:00Z`));
}

// langVars are the variables every query takes: labels in the page's
// language, and role names in French on the French page (ESCO's French
// names) but as their source writes them on the English one, as the guide
// does ("Architecte logiciel" on an English page).
export function langVars(lang) {
  return { lang: lang === 'en' ? 'EN' : 'FR', names: lang === 'en' ? null : 'FR' };
}

export function t(lang) {
  return words[lang] || words.fr;
}

// errorText turns an API error into a sentence a person can act on.
export function errorText(lang, err) {
  const e = t(lang).errors;
  const code = err?.code;
  if (code === 'RATE_LIMITED') return e.RATE_LIMITED(err.retryAfter);
  if (code === 'BAD_USER_INPUT') return e.BAD_USER_INPUT + err.message;
  if (typeof e[code] === 'string') return e[code];
  if (code === 'TIMEOUT' || code === 'RESPONSE_TOO_LARGE') return e.UNAVAILABLE;
  return e.other;
}
