/** Strings of the texts-per-language parts: the gaps, the language of a text, SMS cost per language. */
export const enLanguages = {
  languages: {
    gapsHeading: 'Languages asked for without texts',
    gapsNone: 'Every language patients asked for had its texts.',
    gapsHelp: 'These patients got the {{language}} text instead. Add texts in their language (and offer it under clinic.languages) to reach them.',
    gap: '{{language}} ({{templates}})',
    gapDetail_one: '{{count}} text, last {{time}}',
    gapDetail_other: '{{count}} texts, last {{time}}',
    heading: 'By language',
    language: 'Language',
    source: 'Text',
    cost: 'Segments (typical / longest)',
    missing: 'No text in {{languages}}: those patients get the {{default}} text.',
    tooDear: 'Over 3 segments: each is billed as one SMS',
    defaultLanguage: '{{language}} (default)',
    editing: 'Editing the {{language}} text',
    editLanguage: 'Edit',
    add: 'Add {{language}}',
    reviewShipped: 'Shipped translations need review by the clinic before use.',
  },
} as const;
