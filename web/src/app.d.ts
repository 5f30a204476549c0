import type { Language } from '#lib/i18n/language.ts';

declare global {
  namespace App {
    interface Locals {
      /** The interface language, from the language cookie (Russian first). */
      lang: Language;
    }
  }
}
