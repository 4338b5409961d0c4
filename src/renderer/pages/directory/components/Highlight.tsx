/** The search terms marked in a text (names and summaries in the result list). */
export function Highlight({ text, terms }: { text: string; terms: readonly string[] }) {
  const words = terms.filter((w) => w.length > 0);
  if (words.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return (
    <>
      {text.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </>
  );
}
