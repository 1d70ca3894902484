// A realistic French social-services vocabulary for the synthetic directory (bench only).

export const EXTRA_THEMES: { name: string; keywords: string[] }[] = [
  { name: 'Transport', keywords: ['autobus', 'covoiturage', 'taxi', 'déplacement', 'transport adapté'] },
  { name: 'Immigration', keywords: ['immigrant', 'réfugié', 'francisation', 'intégration', 'nouvel arrivant'] },
  { name: 'Loisirs', keywords: ['sport', 'activités', 'camp de jour', 'culture', 'plein air'] },
  { name: 'Aînés', keywords: ['personne âgée', 'proche aidant', 'maltraitance', 'maintien à domicile'] },
  { name: 'Défense des droits', keywords: ['droits', 'plainte', 'recours', 'locataire', 'consommateur'] },
  { name: 'Bénévolat', keywords: ['bénévole', 'implication', 'engagement', 'entraide'] },
  { name: 'Finances personnelles', keywords: ['budget', 'dette', 'impôts', 'faillite', 'consultation budgétaire'] },
  { name: 'Petite enfance', keywords: ['garderie', 'cpe', 'stimulation', 'langage', 'éveil'] },
  { name: 'Deuil', keywords: ['décès', 'perte', 'endeuillé', 'suicide', 'soutien'] },
  { name: 'Proches aidants', keywords: ['aidant', 'répit', 'épuisement', 'soutien'] },
  { name: 'Sécurité alimentaire', keywords: ['épicerie solidaire', 'frigo communautaire', 'jardin collectif', 'repas'] },
  { name: 'Numérique', keywords: ['ordinateur', 'internet', 'cellulaire', 'littératie numérique'] },
  { name: 'Persévérance', keywords: ['motivation', 'tutorat', 'mentorat', 'réussite'] },
  { name: 'Sexualité', keywords: ['itss', 'contraception', 'éducation sexuelle', 'consentement'] },
  { name: 'Santé physique', keywords: ['médecin', 'infirmière', 'vaccination', 'clinique'] },
  { name: 'Premières Nations', keywords: ['autochtone', 'inuit', 'métis', 'culture'] },
  { name: 'Justice réparatrice', keywords: ['médiation', 'réparation', 'conciliation'] },
  { name: 'Violence conjugale', keywords: ['conjoint', 'maison d’hébergement', 'sécurité', 'contrôle'] },
  { name: 'Jeunesse', keywords: ['adolescent', 'maison des jeunes', 'animation', 'ados'] },
  { name: 'Travail de rue', keywords: ['milieu', 'proximité', 'rue', 'outreach'] },
  { name: 'Réinsertion', keywords: ['détention', 'libération', 'probation', 'retour en communauté'] },
  { name: 'Logement social', keywords: ['hlm', 'coopérative', 'supplément au loyer', 'osbl'] },
  { name: 'Soutien scolaire', keywords: ['devoirs', 'leçons', 'tuteur', 'bulletin'] },
  { name: 'Alphabétisation', keywords: ['lecture', 'écriture', 'analphabétisme', 'calcul'] },
  { name: 'Handicap', keywords: ['accessibilité', 'fauteuil', 'surdité', 'cécité'] },
];

/** Service sentences by domain; every thème draws from one domain, so words cluster like real entries. */
export const DOMAIN_SENTENCES: string[][] = [
  [
    'Intervention auprès des victimes de violence sexuelle et de leurs proches.',
    'Accompagnement dans les démarches judiciaires et médicales après une agression.',
    'Ateliers de prévention sur le consentement dans les écoles secondaires.',
  ],
  [
    'Soutien aux parents d’enfants de 0 à 5 ans, halte-garderie et ateliers de stimulation.',
    'Rencontres de groupe pour jeunes parents et visites à domicile en périnatalité.',
    'Répit pour les familles et activités parent-enfant la fin de semaine.',
  ],
  [
    'Dépannage alimentaire d’urgence et paniers de Noël pour les ménages à faible revenu.',
    'Comptoir vestimentaire, meubles usagés et aide pour remplir les formulaires d’aide sociale.',
    'Repas communautaires le midi et cuisine collective une fois par semaine.',
  ],
  [
    'Écoute, relation d’aide et accompagnement des personnes isolées.',
    'Groupes de soutien sur l’estime de soi, la colère et le deuil.',
    'Référence personnalisée vers les ressources du territoire.',
  ],
  [
    'Intervention de crise jour et nuit pour les personnes en détresse psychologique.',
    'Suivi pour l’anxiété, la dépression et les idées suicidaires, et soutien aux proches.',
    'Ateliers de gestion du stress et groupes d’entraide en santé mentale.',
  ],
  [
    'Services de réadaptation pour les personnes ayant une déficience intellectuelle ou un trouble du spectre de l’autisme.',
    'Loisirs adaptés, répit et soutien aux familles d’enfants handicapés.',
    'Intégration au travail et plateaux de stage pour personnes vivant avec une limitation.',
  ],
  [
    'Aide aux devoirs, tutorat et raccrochage scolaire pour les jeunes de 16 à 24 ans.',
    'Soutien aux élèves ayant un TDAH ou des troubles d’apprentissage.',
    'Formation générale des adultes et préparation aux tests d’équivalence.',
  ],
  [
    'Recherche d’emploi, rédaction du CV et préparation à l’entrevue.',
    'Orientation scolaire et professionnelle, stages en entreprise et retour aux études.',
    'Accompagnement vers l’entrepreneuriat et l’insertion socioprofessionnelle.',
  ],
  [
    'Hébergement d’urgence et transitoire pour les personnes en situation d’itinérance.',
    'Recherche de logement, aide au paiement du loyer et médiation avec le propriétaire.',
    'Appartements supervisés pour jeunes de 18 à 30 ans.',
  ],
  [
    'Évaluation et suivi en toxicomanie, alcool, cannabis et jeu pathologique.',
    'Réduction des méfaits, distribution de matériel et prévention des surdoses.',
    'Thérapie de groupe et soutien aux proches de personnes dépendantes.',
  ],
  [
    'Information juridique gratuite, aide juridique et accompagnement à la cour.',
    'Mesures de rechange pour les adolescents contrevenants et travaux communautaires.',
    'Médiation citoyenne et défense des droits.',
  ],
  [
    'Prévention de la violence dans les relations amoureuses chez les adolescents.',
    'Consultation pour les couples en difficulté et soutien après une rupture.',
    'Ateliers sur les relations saines, la jalousie et le contrôle.',
  ],
  [
    'Milieu de vie inclusif pour les personnes de la diversité sexuelle et de genre.',
    'Soutien au coming out, groupes de discussion et sensibilisation contre l’homophobie.',
    'Accompagnement des personnes trans et non binaires dans leurs démarches.',
  ],
  [
    'Clinique jeunesse : contraception, dépistage des ITSS et tests de grossesse.',
    'Consultations en nutrition, sommeil et saines habitudes de vie.',
    'Vaccination et soins infirmiers sans rendez-vous.',
  ],
  [
    'Soutien aux personnes vivant avec l’anorexie, la boulimie ou l’hyperphagie.',
    'Ateliers sur l’image corporelle et groupes pour les parents.',
    'Suivi individuel en troubles alimentaires avec une nutritionniste.',
  ],
];

export const GENERIC_SENTENCES = [
  'Aide et accompagnement offerts gratuitement et en toute confidentialité.',
  'Les intervenants offrent une aide sans jugement, sur rendez-vous ou sans rendez-vous.',
  'Services offerts en français; interprète disponible sur demande.',
  'L’organisme collabore avec le réseau de la santé et les écoles du territoire.',
  'Une aide ponctuelle peut être offerte par téléphone.',
];

export const ORG_TYPES = [
  'Maison des jeunes', 'Centre d’entraide', 'Carrefour', 'Association', 'Groupe communautaire', 'Centre de services',
  'Maison de la famille', 'Coopérative', 'Collectif', 'Service', 'Ressource', 'Comptoir', 'Clinique', 'Regroupement',
];
export const ORG_QUALIFIERS = [
  'L’Escale', 'Le Phare', 'La Passerelle', 'Le Tremplin', 'L’Éclaircie', 'La Boussole', 'Le Rivage', 'L’Envol',
  'Le Quai', 'La Marée', 'Le Sentier', 'L’Ancrage', 'La Traversée', 'Le Fanal', 'La Grange', 'Le Cœur du village',
  'Horizon', 'Arc-en-ciel', 'Soleil levant', 'La Source', 'Le Relais', 'Le Havre', 'La Vigie', 'Le Nordet',
];
export const PLACES = [
  'de Rimouski', 'du Bic', 'de Saint-Fabien', 'de Saint-Anaclet', 'de Saint-Narcisse', 'de la Neigette',
  'du Bas-Saint-Laurent', 'de Pointe-au-Père', 'de Sainte-Blandine', 'de Saint-Valérien', 'd’Esprit-Saint', 'de Mont-Lebel',
];
export const TERRITORIES = [
  'Ville de Rimouski', 'MRC de Rimouski-Neigette', 'Bas-Saint-Laurent', 'Le Bic et Saint-Fabien', 'Haut-Pays de la Neigette',
];
export const FIRST_NAMES = [
  'Marie', 'Julie', 'Isabelle', 'Catherine', 'Geneviève', 'Mélanie', 'Karine', 'Émilie', 'Audrey', 'Noémie',
  'Jean', 'Pierre', 'Mathieu', 'Simon', 'Éric', 'Guillaume', 'Maxime', 'Olivier', 'Étienne', 'François',
  'Chantal', 'Sylvie', 'Nathalie', 'Josée', 'Annie', 'Alex', 'Samuel', 'Gabriel', 'Amina', 'Karim',
];
export const LAST_NAMES = [
  'Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné',
  'Ouellet', 'Pelletier', 'Bélanger', 'Lévesque', 'Bérubé', 'Thériault', 'Plourde', 'Michaud', 'Dionne', 'Proulx',
  'Lebel', 'Rioux', 'Caron', 'Beaulieu', 'Santerre', 'Chouinard', 'Gosselin', 'Banville', 'Sirois', 'Diallo',
];
export const ROLES = [
  'Coordonnatrice', 'Coordonnateur', 'Intervenante', 'Intervenant jeunesse', 'Travailleuse de rue', 'Directrice générale',
  'Conseillère en emploi', 'Agent de liaison', 'Infirmière', 'Éducatrice spécialisée', 'Animatrice', 'Travailleur social',
];
