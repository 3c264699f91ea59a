import { createTheme } from '@mantine/core';

/** Large controls by default: touch targets of at least 44 px on a phone. */
export const theme = createTheme({
  primaryColor: 'blue',
  // Filled buttons in shade 8 keep white labels above 4.5:1 contrast.
  primaryShade: 8,
  defaultRadius: 'md',
  // Urdu and Arabic/Persian pages put their self-hosted face first (app.css, i18n/fonts.ts).
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Tahoma, sans-serif',
  components: {
    Button: { defaultProps: { size: 'lg' } },
    TextInput: { defaultProps: { size: 'lg' } },
    PasswordInput: { defaultProps: { size: 'lg' } },
    NativeSelect: { defaultProps: { size: 'lg' } },
    Textarea: { defaultProps: { size: 'lg' } },
    Checkbox: { defaultProps: { size: 'md' } },
    Radio: { defaultProps: { size: 'md' } },
  },
});
