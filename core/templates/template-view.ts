/** One message template as the editor sees it: its text in effect, where it comes from, and its SMS cost. */
export interface TemplateView {
  name: string;
  text: string;
  /** Where the text comes from. */
  source: 'default' | 'config' | 'edited';
  /** Variables the template may use. */
  variables: string[];
  /** The text the host ships with (what "reset to default", `DELETE`, restores when no config text is set). */
  default: string;
  /** SMS cost of the text rendered for the preview's sample appointment. */
  encoding: 'GSM-7' | 'UCS-2';
  characters: number;
  segments: number;
  /** The language of `text` (the clinic's default), when the host has languages. */
  language?: string;
  /** SMS cost rendered with the longest plausible names, dates and links. */
  worstCase?: { encoding: 'GSM-7' | 'UCS-2'; characters: number; segments: number };
  /** The template in every offered language that has a text for it, the default language first. */
  languages?: Array<{
    language: string;
    text: string;
    source: 'default' | 'config' | 'edited';
    default: string;
    encoding: 'GSM-7' | 'UCS-2';
    characters: number;
    segments: number;
    worstCase: { encoding: 'GSM-7' | 'UCS-2'; characters: number; segments: number };
  }>;
  /** Offered languages with no text for this template (their patients get the default language's). */
  missingLanguages?: string[];
}
