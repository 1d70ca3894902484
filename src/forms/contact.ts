import { z } from 'zod';
import { emailField, extensionField, phoneField } from './fields.js';
import { checkbox, cleanText, requiredText } from './form.js';

export const contactForm = z.object({
  name: requiredText(120, 'Le nom de la personne est obligatoire.'),
  role: cleanText().max(120, 'La fonction ne peut dépasser 120 caractères.').default(''),
  phone: phoneField,
  phoneExtension: extensionField,
  email: emailField,
  isPrimary: checkbox,
  version: z.coerce.number().int().min(0).optional(),
});
