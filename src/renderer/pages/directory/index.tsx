import { Route, Routes } from 'react-router';
import { BrowsePage } from './BrowsePage';
import { EntryForm } from './EntryForm';
import { EntryPage } from './EntryPage';

/** 目录: browse and search, an entry's page, the entry form. */
export function DirectoryArea() {
  return (
    <Routes>
      <Route index element={<BrowsePage />} />
      <Route path="new" element={<EntryForm />} />
      <Route path="entries/:id" element={<EntryPage />} />
      <Route path="entries/:id/edit" element={<EntryForm />} />
    </Routes>
  );
}
